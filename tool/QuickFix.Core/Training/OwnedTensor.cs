using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// Tensors with their own storage. <c>torch.tensor(array)</c> wraps the managed array without copying, so a tensor kept
/// past the array's last use (autograd keeps embedding indices for the backward pass) would read freed memory.
/// </summary>
internal static class OwnedTensor
{
    public static Tensor Of(float[] values, long[] shape)
    {
        using var shared = torch.tensor(values, shape);
        return shared.clone();
    }

    public static Tensor Of(long[] values, long[] shape)
    {
        using var shared = torch.tensor(values, shape);
        return shared.clone();
    }
}
