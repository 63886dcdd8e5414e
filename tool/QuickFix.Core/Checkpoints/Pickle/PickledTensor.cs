namespace QuickFix.Checkpoints.Pickle;

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a strided window on a storage (in elements).</summary>
/// <param name="Storage">The storage it views (several tensors may view one storage).</param>
/// <param name="Offset">Its first element's index in the storage.</param>
/// <param name="Shape">Its sizes.</param>
/// <param name="Strides">Its strides in elements, one per dimension.</param>
internal sealed record PickledTensor(StorageReference Storage, long Offset, long[] Shape, long[] Strides);
