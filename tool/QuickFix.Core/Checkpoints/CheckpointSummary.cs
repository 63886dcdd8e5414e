using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints;

/// <summary>What <c>inspect</c> reports about a checkpoint. Built from headers and configs alone.</summary>
/// <param name="Path">The folder or file.</param>
/// <param name="Family">SD 1.x, SD 2.x or SDXL.</param>
/// <param name="Layout">Diffusers folder or single file.</param>
/// <param name="TensorCount">Tensors over all weights files.</param>
/// <param name="DTypes">Tensor count per dtype name, over all files.</param>
/// <param name="Files">Each weights file.</param>
/// <param name="TextEncoders">Each text encoder.</param>
public sealed record CheckpointSummary(
    string Path,
    ModelFamily Family,
    CheckpointLayout Layout,
    int TensorCount,
    IReadOnlyDictionary<string, int> DTypes,
    IReadOnlyList<ComponentFileSummary> Files,
    IReadOnlyList<TextEncoderSummary> TextEncoders)
{
    /// <summary>Summarizes an opened checkpoint; reads no tensor bytes unless <paramref name="hashFiles"/>.</summary>
    public static CheckpointSummary Of(Checkpoint checkpoint, bool hashFiles = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var files = checkpoint.Files.Select(f => new ComponentFileSummary(
            f.Component,
            f.RelativePath,
            f.File.FileLength,
            f.File.Tensors.Count,
            f.File.Tensors.GroupBy(t => t.DType.ToName()).ToDictionary(g => g.Key, g => g.Count()),
            f.File.Metadata,
            hashFiles ? CheckpointHasher.HashFile(f.File.Path, f.File.DataOffset, cancellationToken) : null)).ToArray();
        var dtypes = files.SelectMany(f => f.DTypes)
            .GroupBy(pair => pair.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(pair => pair.Value), StringComparer.Ordinal);
        var encoders = checkpoint.TextEncoders.Select(e => new TextEncoderSummary(
            e.Index,
            e.Name,
            e.Config.HiddenSize,
            e.Config.NumAttentionHeads,
            e.StoredLayers,
            e.ConditioningRun.LayersToRun,
            e.ConditioningRun.ApplyFinalLayerNorm,
            e.Config.HiddenAct,
            e.Config.VocabSize,
            e.Padding.ToString(),
            e.TokenizerDirectory,
            e.Weights.Locate($"text_model.encoder.layers.0.self_attn.out_proj.weight").TensorName)).ToArray();
        return new CheckpointSummary(
            checkpoint.Path, checkpoint.Family, checkpoint.Layout, files.Sum(f => f.TensorCount), dtypes, files, encoders);
    }
}
