using QuickFix.Models;
using QuickFix.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Models;

/// <summary>
/// The training convolution against float64 libtorch (whose kernels are right): values, input and weight gradients, for
/// the shapes the demo models use (3×3 padded, stride-2 unpadded, 1×1), repeated (the float32 kernel's input gradient
/// varied from call to call).
/// </summary>
public sealed class GradientSafeConvolutionTests
{
    public GradientSafeConvolutionTests() => TorchRuntime.EnsureLoaded();

    [Theory]
    [InlineData(8, 8, 3, 1, 1, 8)]
    [InlineData(3, 8, 3, 1, 1, 32)]
    [InlineData(8, 8, 3, 2, 0, 17)]
    [InlineData(8, 16, 1, 1, 0, 16)]
    public void Values_and_gradients_match_float64(int inChannels, int outChannels, int kernel, int stride, int padding, int size)
    {
        for (var repeat = 0; repeat < 3; repeat++)
        {
            using var scope = torch.NewDisposeScope();
            using var conv = nn.Conv2d(inChannels, outChannels, kernel, stride: stride, padding: padding);
            using (torch.no_grad())
            {
                conv.weight!.copy_((torch.arange(conv.weight.numel(), dtype: ScalarType.Float32).reshape(conv.weight.shape) * 0.37).sin());
                conv.bias!.copy_(torch.arange(outChannels, dtype: ScalarType.Float32) * 0.01);
            }

            var input = torch.arange(4 * inChannels * size * size, dtype: ScalarType.Float32).reshape(4, inChannels, size, size).sin().requires_grad_(true);
            var output = conv.Run(input);
            var upstream = torch.arange(output.numel(), dtype: ScalarType.Float32).reshape(output.shape).cos();
            (output * upstream).sum().backward();

            var input64 = input.detach().to(ScalarType.Float64).requires_grad_(true);
            var weight64 = conv.weight!.detach().to(ScalarType.Float64).requires_grad_(true);
            var output64 = nn.functional.conv2d(input64, weight64, conv.bias!.detach().to(ScalarType.Float64), strides: [stride, stride], padding: [padding, padding]);
            (output64 * upstream.to(ScalarType.Float64)).sum().backward();

            Assert.Equal(output64.shape, output.shape);
            Assert.True(output.to(ScalarType.Float64).allclose(output64, rtol: 1e-4, atol: 1e-4), "values");
            Assert.True(input.grad!.to(ScalarType.Float64).allclose(input64.grad!, rtol: 1e-4, atol: 1e-4), "input gradient");
            Assert.True(conv.weight.grad!.to(ScalarType.Float64).allclose(weight64.grad!, rtol: 1e-4, atol: 1e-3), "weight gradient");
        }
    }

    [Fact]
    public void Without_autograd_it_is_the_module_kernel()
    {
        using var conv = nn.Conv2d(3, 4, 3, padding: 1);
        using var input = torch.arange(2 * 3 * 8 * 8, dtype: ScalarType.Float32).reshape(2, 3, 8, 8).cos();
        using var expected = conv.forward(input);
        using var actual = conv.Run(input);

        Assert.True(actual.allclose(expected, rtol: 0, atol: 0));
    }
}
