namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// A storage as a persistent id names it: <c>('storage', torch.FloatStorage, key, location, numel)</c> (the pre-1.6
/// format adds a sixth item, a storage view, which must be None).
/// </summary>
/// <param name="Key">The storage's key: its entry <c>data/&lt;key&gt;</c> in a zip archive, its record in the old format.</param>
/// <param name="DType">The element type its storage type names.</param>
/// <param name="Location">The device it was saved from (<c>cpu</c>, <c>cuda:0</c>); informational.</param>
/// <param name="ElementCount">Its length in elements of <paramref name="DType"/>.</param>
internal sealed record StorageReference(string Key, SafetensorsDType DType, string Location, long ElementCount);
