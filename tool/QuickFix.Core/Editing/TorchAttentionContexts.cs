using QuickFix.Checkpoints;
using QuickFix.Models.Clip;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Editing;

/// <summary>
/// Attention contexts of any block, from the project's float64 <see cref="ClipTextModel"/> run up to that block:
/// embeddings, the blocks before it, its <c>layer_norm1</c> and its attention, never the rest of the encoder. For
/// layer 0, <see cref="FirstBlockAttention"/> computes the same without libtorch and is what the edit uses; this
/// source serves edits of later layers (and tests that the two agree).
/// </summary>
internal sealed class TorchAttentionContexts : IAttentionContexts
{
    /// <summary>Prompts per forward: enough to batch a typical recipe in one or two passes, small enough for any width.</summary>
    private const int BatchSize = 16;

    private readonly ClipTextModel model;
    private readonly int layer;

    private TorchAttentionContexts(ClipTextModel model, int layer)
    {
        this.model = model;
        this.layer = layer;
    }

    /// <inheritdoc/>
    public int Width => model.Architecture.HiddenSize;

    /// <summary>Loads <paramref name="encoder"/> up to block <paramref name="layer"/> in float64, reading only the embedding rows of <paramref name="tokens"/>.</summary>
    public static TorchAttentionContexts Load(TextEncoderComponent encoder, int layer, IReadOnlyList<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var model = encoder.LoadModel(ScalarType.Float64, layers: layer + 1, tokenRows: tokens);
        try
        {
            EditInputs.RequireFinite(encoder, model, tokens);
        }
        catch
        {
            model.Dispose();
            throw;
        }

        return new TorchAttentionContexts(model, layer);
    }

    /// <inheritdoc/>
    public double[][] Contexts(IReadOnlyList<int[]> prompts, IReadOnlyList<int> firstPositions, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var result = new double[prompts.Count][];
        var length = ClipTokenizerLength(prompts);
        using var inference = torch.inference_mode();
        for (var first = 0; first < prompts.Count; first += BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var scope = torch.NewDisposeScope();
            var count = Math.Min(BatchSize, prompts.Count - first);
            var flat = prompts.Skip(first).Take(count).SelectMany(row => row.Select(id => (long)id)).ToArray();
            var hidden = model.Embed(torch.tensor(flat, [count, length]));
            var mask = ClipTextTransformer.CausalMask(length, hidden.dtype, hidden.device);
            for (var l = 0; l < layer; l++)
            {
                hidden = model.Layers[l].Forward(hidden, mask);
            }

            var block = model.Layers[layer];
            var context = block.SelfAttention.Context(block.LayerNorm1.forward(hidden), mask).contiguous();
            var data = context.data<double>().ToArray();
            var size = length * Width;
            for (var i = 0; i < count; i++)
            {
                result[first + i] = data.AsSpan(i * size, size).ToArray();
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public void Dispose() => model.Dispose();

    private static int ClipTokenizerLength(IReadOnlyList<int[]> prompts) => prompts.Count == 0 ? 0 : prompts[0].Length;
}
