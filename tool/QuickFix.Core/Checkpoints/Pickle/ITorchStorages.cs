namespace QuickFix.Checkpoints.Pickle;

/// <summary>The raw storages of a <c>torch.save</c> file, by key; read on demand, from several threads if need be.</summary>
internal interface ITorchStorages : IDisposable
{
    /// <summary>The byte length of storage <paramref name="key"/>.</summary>
    /// <exception cref="PickleCheckpointException">The file has no such storage (<see cref="PickleCheckpointError.MissingStorage"/>).</exception>
    long ByteLength(string key);

    /// <summary>Reads <c>destination.Length</c> bytes of storage <paramref name="key"/> from <paramref name="offset"/> on.</summary>
    void Read(string key, long offset, Span<byte> destination);
}
