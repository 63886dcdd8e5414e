using QuickFix.Benchmarks.Data;
using QuickFix.Checkpoints;
using QuickFix.Editing;
using QuickFix.Text;

namespace QuickFix.Benchmarks.Editing;

/// <summary>
/// SD 1.5's text encoder at full size with what the edit reads before collecting pairs: layer 0's embeddings (the
/// vocabulary rows of the largest edit list), <c>layer_norm1</c> and attention in float64, its tokenizer, W₀ and b₀.
/// </summary>
internal sealed class EditFixture : IDisposable
{
    private readonly ScratchDirectory scratch = ScratchDirectory.Create("edit");
    private readonly Checkpoint checkpoint;

    public EditFixture(int maxEdits)
    {
        checkpoint = Checkpoint.Open(TextEncoderFolder.Write(scratch));
        Encoder = checkpoint.TextEncoders.Single();
        Tokenizer = Encoder.OpenTokenizer();
        var rows = KeyValueCollector.TokensUsed(Tokenizer, MassEdits.Create(maxEdits), Options);
        Contexts = FirstBlockAttention.Load(Encoder, rows);
        Weight = Encoder.Weights.ReadDoubles(DiffQuickFix.WeightName(0));
        Bias = Encoder.Weights.ReadDoubles("text_model.encoder.layers.0.self_attn.out_proj.bias");
    }

    public static EditOptions Options { get; } = new();

    public int Width => Contexts.Width;

    public TextEncoderComponent Encoder { get; }

    public ClipTokenizer Tokenizer { get; }

    public FirstBlockAttention Contexts { get; }

    public double[] Weight { get; }

    public double[] Bias { get; }

    public KeyValueSet Collect(int edits) =>
        KeyValueCollector.Collect(Contexts, Tokenizer, MassEdits.Create(edits), Options, Weight, Bias, Environment.ProcessorCount, progress: null, CancellationToken.None);

    public void Dispose()
    {
        Contexts.Dispose();
        checkpoint.Dispose();
        scratch.Dispose();
    }
}
