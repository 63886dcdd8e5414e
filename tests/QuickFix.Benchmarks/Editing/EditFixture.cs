using QuickFix.Benchmarks.Data;
using QuickFix.Checkpoints;
using QuickFix.Editing;
using QuickFix.Models.Clip;
using QuickFix.Text;
using static TorchSharp.torch;

namespace QuickFix.Benchmarks.Editing;

/// <summary>
/// SD 1.5's text encoder at full size with what the edit computes before collecting pairs: the float64 model up to
/// layer 0 (with the vocabulary rows of the largest edit list), its tokenizer, W₀ and b₀.
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
        Model = Encoder.LoadModel(ScalarType.Float64, layers: 1, tokenRows: rows);
        var outProj = Model.Layers[0].SelfAttention.OutProj;
        Weight = outProj.weight!.data<double>().ToArray();
        Bias = outProj.bias!.data<double>().ToArray();
    }

    public static EditOptions Options { get; } = new();

    public int Width => Model.Architecture.HiddenSize;

    public TextEncoderComponent Encoder { get; }

    public ClipTokenizer Tokenizer { get; }

    public ClipTextModel Model { get; }

    public double[] Weight { get; }

    public double[] Bias { get; }

    public KeyValueSet Collect(int edits) =>
        KeyValueCollector.Collect(Model, Tokenizer, MassEdits.Create(edits), Options, Weight, Bias, progress: null, CancellationToken.None);

    public void Dispose()
    {
        Model.Dispose();
        checkpoint.Dispose();
        scratch.Dispose();
    }
}
