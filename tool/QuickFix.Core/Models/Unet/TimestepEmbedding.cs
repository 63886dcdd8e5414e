using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>diffusers' <c>TimestepEmbedding</c> (<c>time_embedding</c>, <c>add_embedding</c>): <c>linear_2(silu(linear_1(x)))</c>.</summary>
public sealed class TimestepEmbedding : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Linear linear_1;
    private readonly Linear linear_2;
#pragma warning restore IDE1006, SA1300

    public TimestepEmbedding(long inChannels, long timeEmbedDim) : base(nameof(TimestepEmbedding))
    {
        linear_1 = nn.Linear(inChannels, timeEmbedDim);
        linear_2 = nn.Linear(timeEmbedDim, timeEmbedDim);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        return linear_2.forward(nn.functional.silu(linear_1.forward(input))).MoveToOuterDisposeScope();
    }
}
