namespace QuickFix.Checkpoints.Pickle;

/// <summary>What a <c>torch.save</c> file holds: the unpickled object and its storages (kept open until disposed).</summary>
/// <param name="Format"><c>zip</c> (PyTorch 1.6 and later) or <c>legacy</c> (the older stream of pickles and storages).</param>
/// <param name="Root">The saved object, as inert values.</param>
/// <param name="Storages">The storages its tensors view.</param>
internal sealed record TorchCheckpointContents(string Format, object? Root, ITorchStorages Storages) : IDisposable
{
    public void Dispose() => Storages.Dispose();
}
