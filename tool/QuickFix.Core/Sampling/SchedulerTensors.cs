using QuickFix.Runtime;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>Argument checks and the float32 working type shared by the schedulers' <c>Step</c> methods.</summary>
internal static class SchedulerTensors
{
    /// <summary>Checks both tensors and loads the native backend; call before any tensor arithmetic.</summary>
    public static void ThrowIfIncompatible(Tensor modelOutput, Tensor sample)
    {
        ArgumentNullException.ThrowIfNull(modelOutput);
        ArgumentNullException.ThrowIfNull(sample);
        TorchRuntime.EnsureLoaded();
        if (!modelOutput.shape.SequenceEqual(sample.shape))
        {
            throw new ArgumentException(
                $"The model output has shape [{string.Join(", ", modelOutput.shape)}] but the sample has [{string.Join(", ", sample.shape)}].",
                nameof(modelOutput));
        }

        if (!modelOutput.is_floating_point() || !sample.is_floating_point())
        {
            throw new ArgumentException("The model output and the sample must be floating-point tensors.", nameof(modelOutput));
        }
    }

    /// <summary>
    /// <paramref name="tensor"/> as float32, the type the steps compute in (diffusers upcasts the sample likewise);
    /// a conversion joins the current dispose scope.
    /// </summary>
    public static Tensor Float32(Tensor tensor) => tensor.dtype == ScalarType.Float32 ? tensor : tensor.to_type(ScalarType.Float32);
}
