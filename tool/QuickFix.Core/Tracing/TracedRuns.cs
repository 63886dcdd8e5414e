using QuickFix.Models.Clip;
using QuickFix.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tracing;

/// <summary>
/// The forward passes of a trace, composed from the blocks' public pieces (<c>h = h + attn(ln1(h)); h = h + mlp(ln2(h))</c>,
/// the same operations as <see cref="ClipEncoderLayer.Forward"/>) so that each block's attention and MLP outputs can be
/// replaced. Row 0 of the first batch is the clean run and rows 1..S the corrupted ones; every intermediate state of
/// that batch is kept, so a restored run starts at its layer from the kept corrupted states instead of from the
/// embeddings, and the three restorations of one layer run the remaining blocks as one batch of 3S.
/// </summary>
internal sealed class TracedRuns
{
    private readonly ClipTextModel model;
    private readonly ClipRunOptions run;
    private readonly SubjectSpan span;
    private readonly int samples;
    private readonly (int Start, int Length) restored;

    public TracedRuns(ClipTextModel model, ClipRunOptions run, SubjectSpan span, int samples, RestoreSpan restore)
    {
        this.model = model;
        this.run = run;
        this.span = span;
        this.samples = samples;
        restored = restore == RestoreSpan.LastSubjectToken ? (span.Last, 1) : (0, ClipTokenizer.ContextLength);
    }

    /// <summary>
    /// Runs the trace. <paramref name="noise"/> holds S × span × width values; the result holds the clean score, the S
    /// corrupted scores and, per layer and <see cref="TraceComponent"/>, the S restored scores.
    /// </summary>
    public (double Clean, double[] Corrupted, double[][][] Restored) Run(
        int[] paddedIds, float[] noise, IProgress<TraceProgress>? progress, CancellationToken cancellationToken)
    {
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var layers = run.LayersToRun;
        var embedded = model.Embed(torch.tensor(paddedIds.Select(id => (long)id).ToArray(), [1, ClipTokenizer.ContextLength]));
        var width = embedded.shape[^1];
        var hidden = embedded.expand(samples + 1, -1, -1).clone();
        hidden.narrow(0, 1, samples).narrow(1, span.First, span.Length).add_(torch.tensor(noise, [samples, span.Length, width]));
        using var mask = ClipTextTransformer.CausalMask(ClipTokenizer.ContextLength, hidden.dtype, hidden.device);

        // states[l] is block l's input (states[layers] the last output); attention[l] and mlp[l] its two branch outputs.
        var states = new Tensor[layers + 1];
        var attention = new Tensor[layers];
        var mlp = new Tensor[layers];
        states[0] = hidden;
        for (var l = 0; l < layers; l++)
        {
            var layer = model.Layers[l];
            attention[l] = layer.SelfAttention.Forward(layer.LayerNorm1.forward(states[l]), mask);
            var attended = states[l] + attention[l];
            mlp[l] = layer.Mlp.forward(layer.LayerNorm2.forward(attended));
            states[l + 1] = attended + mlp[l];
        }

        var scored = ClipTokenizer.ContextLength - span.Last;
        var clean = Finish(states[layers]).narrow(0, 0, 1).narrow(1, span.Last, scored).to(ScalarType.Float64);
        var firstScores = Score(Finish(states[layers]), clean);
        progress?.Report(new TraceProgress(1, layers + 1));

        var restoredScores = new double[layers][][];
        for (var l = 0; l < layers; l++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var layerScope = torch.NewDisposeScope();
            var layer = model.Layers[l];
            var corruptedInput = states[l].narrow(0, 1, samples);
            var withAttention = corruptedInput + Restore(attention[l]);
            withAttention += layer.Mlp.forward(layer.LayerNorm2.forward(withAttention));
            var withMlp = corruptedInput + attention[l].narrow(0, 1, samples) + Restore(mlp[l]);
            // Stacked in TraceComponent order: residual stream, self-attention, MLP.
            var batch = torch.cat([Restore(states[l + 1]), withAttention, withMlp], 0);
            for (var next = l + 1; next < layers; next++)
            {
                batch = model.Layers[next].Forward(batch, mask);
            }

            var scores = Score(Finish(batch), clean);
            restoredScores[l] = [.. Enumerable.Range(0, 3).Select(c => scores.AsSpan(c * samples, samples).ToArray())];
            progress?.Report(new TraceProgress(l + 2, layers + 1));
        }

        return (firstScores[0], firstScores[1..], restoredScores);
    }

    /// <summary>The corrupted rows of <paramref name="state"/> with the clean row's values at the restored positions.</summary>
    private Tensor Restore(Tensor state)
    {
        var rows = state.narrow(0, 1, samples).clone();
        rows.narrow(1, restored.Start, restored.Length).copy_(state.narrow(0, 0, 1).narrow(1, restored.Start, restored.Length));
        return rows;
    }

    private Tensor Finish(Tensor hidden) => run.ApplyFinalLayerNorm ? model.FinalLayerNorm(hidden) : hidden;

    /// <summary>Per row: the mean over positions last subject..76 of the cosine similarity with the clean conditioning, in float64.</summary>
    private double[] Score(Tensor conditioning, Tensor clean)
    {
        using var scope = torch.NewDisposeScope();
        var region = conditioning.narrow(1, span.Last, clean.shape[1]).to(ScalarType.Float64);
        var cosine = (region * clean).sum(-1) / (region.norm(-1) * clean.norm(-1));
        return cosine.mean([1]).contiguous().data<double>().ToArray();
    }
}
