using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>transformers' <c>CLIPTextEmbeddings</c>: token embedding plus learned absolute position embedding.</summary>
public sealed class ClipTextEmbeddings : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Embedding token_embedding;
    private readonly Embedding position_embedding;
#pragma warning restore IDE1006, SA1300

    public ClipTextEmbeddings(ClipTextConfig architecture, Device? device = null) : base(nameof(ClipTextEmbeddings))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        token_embedding = nn.Embedding(architecture.VocabSize, architecture.HiddenSize, device: device);
        position_embedding = nn.Embedding(architecture.MaxPositionEmbeddings, architecture.HiddenSize, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var positions = torch.arange(input.shape[^1], dtype: ScalarType.Int64, device: input.device);
        return token_embedding.forward(input) + position_embedding.forward(positions);
    }
}
