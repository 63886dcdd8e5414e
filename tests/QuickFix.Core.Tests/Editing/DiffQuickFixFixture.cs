using System.Runtime.InteropServices;
using QuickFix.Checkpoints;
using QuickFix.Editing;

namespace QuickFix.Tests.Editing;

/// <summary>
/// The expected DIFF-QUICKFIX edit of the tiny clip-text encoder (fixture README §2): "Van Gogh" → "painting" and
/// "Snoopy" → "a dog" in one solve, λ = 0.01, EOS on, the four default templates. Computes both target modes once
/// per test class.
/// </summary>
public sealed class DiffQuickFixFixture : IDisposable
{
    public static readonly IReadOnlyList<ConceptEdit> Edits = [new("Van Gogh", "painting"), new("Snoopy", "a dog")];

    private readonly Checkpoint checkpoint;

    public DiffQuickFixFixture()
    {
        checkpoint = Checkpoint.Open(SharedData.Reference("clip-text"));
        Encoder = checkpoint.TextEncoders.Single();
        BiasFree = DiffQuickFix.Compute(Encoder, Edits, new EditOptions());
        Reference = DiffQuickFix.Compute(Encoder, Edits, new EditOptions { Targets = TargetMode.Reference });
    }

    public TextEncoderComponent Encoder { get; }

    public EditResult BiasFree { get; }

    public EditResult Reference { get; }

    public static string ExpectedPath(TargetMode mode) => SharedData.Reference(
        "diffquickfix", mode == TargetMode.BiasFree ? "expected_biasfree.safetensors" : "expected_reference_mode.safetensors");

    public static string MetricsPath => SharedData.Reference("diffquickfix", "metrics.json");

    public EditResult Result(TargetMode mode) => mode == TargetMode.BiasFree ? BiasFree : Reference;

    public static double[] ReadDoubles(SafetensorsFile file, string name)
    {
        var bytes = file.ReadBytes(name);
        var values = new double[file[name].ElementCount];
        TensorElementCodec.Decode(bytes, file[name].DType, values);
        return values;
    }

    public static long[] ReadLongs(SafetensorsFile file, string name) => MemoryMarshal.Cast<byte, long>(file.ReadBytes(name)).ToArray();

    /// <summary>‖actual − expected‖_F / ‖expected‖_F.</summary>
    public static double RelativeError(ReadOnlySpan<double> actual, ReadOnlySpan<double> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double difference = 0, reference = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            difference += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            reference += expected[i] * expected[i];
        }

        return Math.Sqrt(difference / reference);
    }

    public void Dispose() => checkpoint.Dispose();
}
