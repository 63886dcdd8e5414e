namespace QuickFix.Checkpoints.Pickle;

/// <summary>An opened pickle checkpoint: the safetensors view of its weights and what its conversion leaves out.</summary>
/// <param name="File">The view (owns the checkpoint file; dispose it to close the file).</param>
/// <param name="Format"><c>zip</c> (PyTorch 1.6 and later) or <c>legacy</c>.</param>
/// <param name="Dropped">Entries that are neither tensors of the state dict nor scalars.</param>
internal sealed record PickleCheckpointView(SafetensorsFile File, string Format, IReadOnlyList<string> Dropped);
