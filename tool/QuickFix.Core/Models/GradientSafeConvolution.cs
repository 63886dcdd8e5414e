using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models;

/// <summary>
/// Runs a <see cref="Conv2d"/> so that its gradient with respect to the input is right. The float32 CPU kernel of
/// libtorch 2.10 (TorchSharp 0.107) returns a wrong input gradient for some shapes, varying from call to call and at
/// times NaN (seen on AVX-512 CPUs; its forward value and weight gradient are right, float64 is right), which made
/// training diverge or repeat differently in one process. When autograd needs the input gradient, the convolution is
/// computed as im2col (<c>unfold</c>) times the flattened weight, whose backward (<c>fold</c> and matrix products) is
/// exact; otherwise (inference, frozen inputs) it is the module's own kernel.
/// </summary>
internal static class GradientSafeConvolution
{
    /// <summary>The convolution of <paramref name="input"/> by <paramref name="conv"/>.</summary>
    public static Tensor Run(this Conv2d conv, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(conv);
        ArgumentNullException.ThrowIfNull(input);
        if (!input.requires_grad || !torch.is_grad_enabled())
        {
            return conv.forward(input);
        }

        if (conv.groups != 1 || conv.padding_mode != PaddingModes.Zeros || conv.padding is null)
        {
            throw new NotSupportedException($"Training a grouped, non-zero-padded or 'same'-padded convolution is not supported (groups {conv.groups}, padding mode {conv.padding_mode}).");
        }

        using var scope = torch.NewDisposeScope();
        var weight = conv.weight!;
        var (batch, height, width) = (input.shape[0], input.shape[2], input.shape[3]);
        var (outChannels, kernelHeight, kernelWidth) = (weight.shape[0], weight.shape[2], weight.shape[3]);
        var (stride, padding, dilation) = (conv.stride, conv.padding, conv.dilation);
        var columns = nn.functional.unfold(input, (kernelHeight, kernelWidth), (dilation[0], dilation[1]), (padding[0], padding[1]), (stride[0], stride[1]));
        var output = weight.reshape(outChannels, -1).matmul(columns);
        if (conv.bias is { } bias)
        {
            output = output + bias.unsqueeze(-1);
        }

        var outHeight = ((height + (2 * padding[0]) - (dilation[0] * (kernelHeight - 1)) - 1) / stride[0]) + 1;
        var outWidth = ((width + (2 * padding[1]) - (dilation[1] * (kernelWidth - 1)) - 1) / stride[1]) + 1;
        return output.reshape(batch, outChannels, outHeight, outWidth).MoveToOuterDisposeScope();
    }

    /// <summary><see cref="Run(Conv2d, Tensor)"/> when <paramref name="module"/> is a convolution, else its forward.</summary>
    public static Tensor Run(this nn.Module<Tensor, Tensor> module, Tensor input) =>
        module is Conv2d conv ? conv.Run(input) : module.forward(input);
}
