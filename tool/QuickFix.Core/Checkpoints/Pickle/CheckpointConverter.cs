namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// <c>convert</c>: writes a pickle checkpoint's weights as a <c>.safetensors</c> file, without running anything in it.
/// The tensors of its state dict are written under their own names (the keys inside <c>state_dict</c>, as the LDM
/// single-file <c>.safetensors</c> conversions name them), each view of a shared storage as a tensor of its own, in the
/// layout of <see cref="SafetensorsWriter"/>; the metadata is <c>format: pt</c>, <c>quickfix.source</c> (the file name),
/// <c>quickfix.source.sha256</c> and <c>quickfix.source.&lt;key&gt;</c> for each scalar entry such as
/// <c>global_step</c>. The file is written atomically and hashed while written.
/// </summary>
public static class CheckpointConverter
{
    /// <summary>Converts <paramref name="inputPath"/> to <paramref name="outputPath"/>.</summary>
    /// <exception cref="CheckpointException">The input does not exist (QF0501).</exception>
    /// <exception cref="PickleCheckpointException">The input is refused or unreadable, or the output is not a new .safetensors path.</exception>
    public static ConversionResult Convert(string inputPath, string outputPath, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(inputPath);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var input = Path.GetFullPath(inputPath);
        var output = Path.GetFullPath(outputPath);
        if (!output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || Directory.Exists(output))
        {
            throw new PickleCheckpointException(
                PickleCheckpointError.InvalidOutput, "the output must be a .safetensors file path (pickle checkpoints are read, never written)", output);
        }

        if (!File.Exists(input))
        {
            throw new CheckpointException(CheckpointError.NotFound, "no checkpoint file at this path", input);
        }

        if (string.Equals(input, output, StringComparison.Ordinal))
        {
            throw new PickleCheckpointException(PickleCheckpointError.InvalidOutput, "the output would overwrite the input", output);
        }

        var view = PickleCheckpointReader.Open(input, cancellationToken);
        using var file = view.File;
        var sourceSha256 = CheckpointHasher.HashFile(input, 0, cancellationToken).Sha256;
        var metadata = new Dictionary<string, string>(file.Metadata, StringComparer.Ordinal)
        {
            [PickleCheckpointReader.SourceKey + ".sha256"] = sourceSha256,
        };
        var ordered = metadata
            .OrderBy(pair => pair.Key == "format" ? 0 : 1)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .ToArray();
        var written = SafetensorsRewriter.Rewrite(file, new Dictionary<string, ReadOnlyMemory<byte>>(), ordered, output, cancellationToken);
        return new ConversionResult(
            input, output, view.Format, file.Tensors.Count, sourceSha256, written.Hashes,
            new OrderedDictionary<string, string>(ordered, StringComparer.Ordinal), view.Dropped);
    }
}
