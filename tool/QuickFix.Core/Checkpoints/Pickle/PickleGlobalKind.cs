namespace QuickFix.Checkpoints.Pickle;

/// <summary>What an admitted global stands for; <see cref="GlobalCalls"/> gives each its inert meaning.</summary>
internal enum PickleGlobalKind
{
    /// <summary><c>collections.OrderedDict</c>: a dictionary.</summary>
    OrderedDict,

    /// <summary><c>builtins.set</c> (<c>__builtin__.set</c> in protocol 2): a list of its items.</summary>
    Set,

    /// <summary><c>torch._utils._rebuild_tensor</c>: storage, offset, size, stride.</summary>
    RebuildTensor,

    /// <summary><c>torch._utils._rebuild_tensor_v2</c>: storage, offset, size, stride, requires_grad, hooks[, metadata].</summary>
    RebuildTensorV2,

    /// <summary><c>torch._utils._rebuild_parameter</c> and <c>_rebuild_parameter_with_state</c>: the tensor they wrap.</summary>
    RebuildParameter,

    /// <summary><c>torch.FloatStorage</c> and its kin: the element type of a storage in a persistent id.</summary>
    StorageType,

    /// <summary><c>torch.Size</c>: a tuple of dimensions.</summary>
    TorchSize,

    /// <summary><c>_codecs.encode</c>: how protocol 2 spells a byte string (text and its encoding).</summary>
    CodecsEncode,

    /// <summary><c>numpy.dtype</c>: an inert dtype description (its BUILD state holds the byte order).</summary>
    NumpyDtype,

    /// <summary><c>numpy.core.multiarray.scalar</c>: a numpy scalar from its dtype and bytes.</summary>
    NumpyScalar,

    /// <summary>A class that Lightning checkpoints hold as plain data; built as an inert record of its state.</summary>
    DataOnlyClass,
}
