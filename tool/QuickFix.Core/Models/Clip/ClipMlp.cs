using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>transformers' <c>CLIPMLP</c>: <c>fc2(act(fc1(x)))</c> with quick_gelu (OpenAI) or exact gelu (OpenCLIP).</summary>
public sealed class ClipMlp : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Linear fc1;
    private readonly Linear fc2;
#pragma warning restore IDE1006, SA1300
    private readonly bool quickGelu;

    public ClipMlp(ClipTextConfig architecture, Device? device = null) : base(nameof(ClipMlp))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        quickGelu = architecture.HiddenAct switch
        {
            "quick_gelu" => true,
            "gelu" => false,
            _ => throw new ArgumentException($"Unsupported hidden_act '{architecture.HiddenAct}' (expected quick_gelu or gelu).", nameof(architecture)),
        };
        fc1 = nn.Linear(architecture.HiddenSize, architecture.IntermediateSize, device: device);
        fc2 = nn.Linear(architecture.IntermediateSize, architecture.HiddenSize, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var hidden = fc1.forward(input);
        // quick_gelu(x) = x·σ(1.702x), OpenAI CLIP's approximation; OpenCLIP towers use the exact erf gelu.
        var activated = quickGelu ? hidden * torch.sigmoid(hidden * 1.702) : nn.functional.gelu(hidden);
        return fc2.forward(activated).MoveToOuterDisposeScope();
    }
}
