using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;

namespace QuickFix.Tests.Checkpoints.Synthesis;

/// <summary>Synthesizes tiny checkpoints into a temporary folder and reads them back.</summary>
internal static class SynthesizedCheckpoint
{
    /// <summary>The output path for <paramref name="layout"/> in <paramref name="directory"/>: <c>model/</c> or <c>model.safetensors</c>.</summary>
    public static string OutputPath(string directory, CheckpointLayout layout) =>
        Path.Combine(directory, layout == CheckpointLayout.Diffusers ? "model" : "model.safetensors");

    /// <summary>The folder the result's relative paths are relative to.</summary>
    public static string Root(SynthesisResult result) =>
        result.Layout == CheckpointLayout.Diffusers ? result.OutputPath : Path.GetDirectoryName(result.OutputPath)!;

    public static SynthesisResult Tiny(string directory, ModelFamily family, CheckpointLayout layout, TensorDType dtype = TensorDType.F32,
        ulong seed = 42, OptionalTensors optional = OptionalTensors.None, int? parallelism = null, string? tokenizer = null) =>
        CheckpointSynthesizer.Synthesize(
            new SynthesisOptions(family, ModelSize.Tiny, layout, dtype, seed, OutputPath(directory, layout), tokenizer, optional, parallelism));

    /// <summary>Every tensor of every weights file: name → (file, tensor), keyed by <c>relative path + "|" + name</c>.</summary>
    public static Dictionary<string, double[]> ReadAll(SynthesisResult result, string weightsFile)
    {
        using var file = SafetensorsFile.Open(Path.Combine(Root(result), weightsFile));
        return file.Tensors.ToDictionary(t => t.Name, t => Decode(file, t), StringComparer.Ordinal);
    }

    public static double[] Decode(SafetensorsFile file, TensorInfo tensor)
    {
        var values = new double[tensor.ElementCount];
        TensorElementCodec.Decode(file.ReadBytes(tensor.Name), tensor.DType, values);
        return values;
    }

    /// <summary>Every file under <paramref name="root"/>, as <c>/</c>-separated relative paths.</summary>
    public static string[] FilesUnder(string root) =>
    [
        .. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal),
    ];
}
