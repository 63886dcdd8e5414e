using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Baking;

/// <summary>
/// Replays an earlier bake's delta (<c>apply --delta</c>): the edited tensors it holds become the replacements, after
/// checking that each was made from exactly these base bytes (the <c>quickfix.base.*</c> hash the bake recorded).
/// </summary>
internal static class DeltaReplay
{
    public static IReadOnlyList<TensorReplacement> Replacements(
        string deltaPath, Checkpoint checkpoint, IReadOnlyDictionary<string, string> baseTensorHashes)
    {
        using var delta = SafetensorsFile.Open(deltaPath);
        var replacements = new List<TensorReplacement>();
        foreach (var tensor in delta.Tensors)
        {
            if (!delta.Metadata.TryGetValue($"quickfix.delta.{tensor.Name}", out var relativePath))
            {
                throw new BakeException("QF1007", $"tensor '{tensor.Name}' has no quickfix.delta entry naming its file: not a QuickFix.Build delta", deltaPath);
            }

            var component = checkpoint.Files.FirstOrDefault(f => f.RelativePath.Replace('\\', '/') == relativePath)
                ?? throw new BakeException("QF1007", $"the base model has no file '{relativePath}' for tensor '{tensor.Name}'", deltaPath);
            var recorded = delta.Metadata.GetValueOrDefault($"quickfix.base.{relativePath}");
            if (recorded != baseTensorHashes[component.RelativePath])
            {
                throw new BakeException(
                    "QF1007",
                    $"the delta was made from another '{relativePath}' (tensor bytes SHA-256 {recorded ?? "not recorded"}, this base has {baseTensorHashes[component.RelativePath]})",
                    deltaPath);
            }

            // A folder's delta prefixes each tensor with its component (two SDXL encoders share names).
            var name = checkpoint.Layout == CheckpointLayout.Diffusers ? tensor.Name[(tensor.Name.IndexOf('.', StringComparison.Ordinal) + 1)..] : tensor.Name;
            if (!component.File.TryGetTensor(name, out var target) || target.DType != tensor.DType || !target.Shape.SequenceEqual(tensor.Shape))
            {
                throw new BakeException("QF1007", $"tensor '{name}' of '{relativePath}' does not match the delta's {tensor.DType.ToName()} [{string.Join(", ", tensor.Shape)}]", deltaPath);
            }

            var bytes = delta.ReadBytes(tensor.Name);
            replacements.Add(new TensorReplacement(component.File, component.RelativePath, name, bytes, RelativeChange(component.File, target, bytes)));
        }

        return replacements;
    }

    private static double RelativeChange(SafetensorsFile file, TensorInfo tensor, byte[] edited)
    {
        var before = new double[tensor.ElementCount];
        var after = new double[tensor.ElementCount];
        TensorElementCodec.Decode(file.ReadBytes(tensor.Name), tensor.DType, before);
        TensorElementCodec.Decode(edited, tensor.DType, after);
        double difference = 0, norm = 0;
        for (var i = 0; i < before.Length; i++)
        {
            difference += (after[i] - before[i]) * (after[i] - before[i]);
            norm += before[i] * before[i];
        }

        return Math.Sqrt(difference / norm);
    }
}
