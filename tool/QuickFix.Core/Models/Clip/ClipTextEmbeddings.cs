using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>transformers' <c>CLIPTextEmbeddings</c>: token embedding plus learned absolute position embedding.</summary>
/// <remarks>
/// Built with <c>tokenRows</c>, the token embedding holds only those vocabulary rows (in that order) and token ids are
/// mapped to them on the way in: the edit needs a handful of tokens' rows, not a 49,408-row table.
/// </remarks>
public sealed class ClipTextEmbeddings : nn.Module<Tensor, Tensor>
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Embedding token_embedding;
    private readonly Embedding position_embedding;
#pragma warning restore IDE1006, SA1300
    private readonly long[]? rowOfToken;

    public ClipTextEmbeddings(ClipTextConfig architecture, Device? device = null, IReadOnlyList<int>? tokenRows = null)
        : base(nameof(ClipTextEmbeddings))
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (tokenRows is not null)
        {
            rowOfToken = new long[architecture.VocabSize];
            Array.Fill(rowOfToken, -1);
            for (var row = 0; row < tokenRows.Count; row++)
            {
                rowOfToken[tokenRows[row]] = row;
            }
        }

        token_embedding = nn.Embedding(tokenRows?.Count ?? architecture.VocabSize, architecture.HiddenSize, device: device);
        position_embedding = nn.Embedding(architecture.MaxPositionEmbeddings, architecture.HiddenSize, device: device);
        RegisterComponents();
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var positions = torch.arange(input.shape[^1], dtype: ScalarType.Int64, device: input.device);
        if (rowOfToken is null)
        {
            return token_embedding.forward(input) + position_embedding.forward(positions);
        }

        var ids = input.data<long>().ToArray();
        var rows = ids.Select(id => id >= 0 && id < rowOfToken.Length && rowOfToken[id] >= 0
            ? rowOfToken[id]
            : throw new ArgumentException($"Token id {id} is not among the rows this embedding was loaded with.", nameof(input))).ToArray();
        using var mapped = torch.tensor(rows, input.shape, device: input.device);
        return token_embedding.forward(mapped) + position_embedding.forward(positions);
    }
}
