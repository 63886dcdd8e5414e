using QuickFix.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Checkpoints;

/// <summary>
/// Serves a token embedding as only the given vocabulary rows (one ranged read per row), and every other tensor as
/// the inner source does: what a text encoder built with <c>tokenRows</c> loads.
/// </summary>
internal sealed class TokenRowsWeightSource : IWeightSource
{
    private readonly SafetensorsWeightSource inner;
    private readonly string embeddingName;
    private readonly IReadOnlyList<int> rows;

    public TokenRowsWeightSource(SafetensorsWeightSource inner, string embeddingName, IReadOnlyList<int> rows)
    {
        this.inner = inner;
        this.embeddingName = embeddingName;
        this.rows = rows;
    }

    public string Description => inner.Description;

    public bool Contains(string name) => inner.Contains(name);

    public IReadOnlyList<long> ShapeOf(string name) =>
        name == embeddingName ? [rows.Count, inner.ShapeOf(name)[1]] : inner.ShapeOf(name);

    public Tensor Read(string name)
    {
        if (name != embeddingName)
        {
            return inner.Read(name);
        }

        var location = inner.Locate(name);
        var vocabulary = location.RowCount;
        using var scope = torch.NewDisposeScope();
        var parts = rows.Select(row => row >= 0 && row < vocabulary
            ? SafetensorsTorch.ReadRows(location.File, location.Info, location.RowStart + row, 1)
            : throw new ArgumentOutOfRangeException(nameof(name), $"Token id {row} is outside the {vocabulary}-row embedding '{location.TensorName}'.")).ToArray();
        return torch.cat(parts, 0).MoveToOuterDisposeScope();
    }
}
