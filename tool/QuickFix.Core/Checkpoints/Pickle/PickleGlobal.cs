namespace QuickFix.Checkpoints.Pickle;

/// <summary>An admitted global, as a value on the pickle stack. It is a name, never something that runs.</summary>
/// <param name="Module">The module as the pickle spells it (<c>torch._utils</c>).</param>
/// <param name="Name">The name in the module (<c>_rebuild_tensor_v2</c>).</param>
/// <param name="Kind">What it stands for.</param>
/// <param name="StorageDType">For <see cref="PickleGlobalKind.StorageType"/>, the element type of the storage.</param>
internal sealed record PickleGlobal(string Module, string Name, PickleGlobalKind Kind, SafetensorsDType? StorageDType = null)
{
    /// <summary><c>module.name</c>.</summary>
    public string FullName => $"{Module}.{Name}";
}
