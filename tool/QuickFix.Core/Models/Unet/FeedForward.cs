using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// diffusers' <c>FeedForward</c> with GEGLU: <c>net.0</c> = <see cref="Geglu"/> to 4x width, <c>net.1</c> dropout (a
/// no-op at inference, kept so the indices are diffusers'), <c>net.2</c> the projection back.
/// </summary>
public sealed class FeedForward : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> net;
#pragma warning restore IDE1006, SA1300

    public FeedForward(long channels) : base(nameof(FeedForward))
    {
        var inner = channels * 4;
        net = nn.ModuleList<nn.Module<Tensor, Tensor>>(new Geglu(channels, inner), nn.Dropout(0), nn.Linear(inner, channels));
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var gated = net[0].forward(input);
        return net[2].forward(gated);
    }
}
