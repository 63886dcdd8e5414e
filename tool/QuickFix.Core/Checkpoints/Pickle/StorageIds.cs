namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// Resolves the persistent ids of <c>torch.save</c>: <c>('storage', storage type, key, location, numel)</c>, with a sixth
/// item in the pre-1.6 format (a storage view, None since PyTorch 0.4). Any other kind of id (<c>'module'</c>: the
/// source code of a pickled <c>nn.Module</c>) is refused.
/// </summary>
internal static class StorageIds
{
    public static StorageReference Resolve(object?[] id, PickleFailure fail)
    {
        if (id is not ["storage", ..])
        {
            throw fail(
                PickleCheckpointError.MalformedPickle,
                $"a persistent id of kind {(id is [string kind, ..] ? $"'{kind}'" : "()")}; only storages are read");
        }

        if (id.Length is not (5 or 6)
            || id[1] is not PickleGlobal { Kind: PickleGlobalKind.StorageType, StorageDType: { } dtype }
            || id[2] is not string key
            || id[3] is not string location
            || id[4] is not long count || count < 0)
        {
            throw fail(
                PickleCheckpointError.MalformedPickle,
                $"a storage id must be ('storage', storage type, key, location, numel), not ({string.Join(", ", id.Select(GlobalCalls.Describe))})");
        }

        if (id.Length == 6 && id[5] is not null)
        {
            throw fail(PickleCheckpointError.UnsupportedTensor, $"storage '{key}' is a storage view, which only PyTorch before 0.4 wrote; re-save the file with a current PyTorch");
        }

        return new StorageReference(key, dtype, location, count);
    }
}
