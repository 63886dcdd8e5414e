namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// Opens a pickle checkpoint (<c>.ckpt</c>, <c>.pt</c>, <c>.pth</c>) as a <see cref="SafetensorsFile"/> view: the header
/// and data buffer its safetensors conversion has (see <see cref="StateDictSelection"/> for which tensors, and
/// <see cref="CheckpointConverter"/>), read from the checkpoint's storages on demand. Reading the pickle never runs
/// anything (<see cref="RestrictedUnpickler"/>); no storage is read until a tensor is.
/// </summary>
internal static class PickleCheckpointReader
{
    /// <summary>The metadata key naming the converted file.</summary>
    public const string SourceKey = "quickfix.source";

    /// <summary>Opens <paramref name="path"/>; the view owns the file until disposed.</summary>
    /// <exception cref="PickleCheckpointException">The file is not a checkpoint this reader admits.</exception>
    public static PickleCheckpointView Open(string path, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        var contents = TorchCheckpointFile.Open(fullPath, cancellationToken);
        try
        {
            var selection = StateDictSelection.Of(contents.Root, fullPath);
            var entries = PickleViewLayout.Lay(selection, contents.Storages, fullPath);
            var metadata = new Dictionary<string, string>(StringComparer.Ordinal) { ["format"] = "pt", [SourceKey] = Path.GetFileName(fullPath) };
            foreach (var (key, value) in selection.Scalars)
            {
                metadata[$"{SourceKey}.{key}"] = value;
            }

            var tensors = entries.Select(e => e.Info).ToArray();
            var header = new SafetensorsHeader(SafetensorsHeaderWriter.Write(metadata, tensors).Length, metadata, tensors);
            var file = SafetensorsFile.OpenView(fullPath, new FileInfo(fullPath).Length, header, new PickleTensorData(contents, entries));
            return new PickleCheckpointView(file, contents.Format, selection.Dropped);
        }
        catch
        {
            contents.Dispose();
            throw;
        }
    }
}
