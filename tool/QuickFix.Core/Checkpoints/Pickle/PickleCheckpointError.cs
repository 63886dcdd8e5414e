namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// Why a pickle checkpoint (<c>.ckpt</c>, <c>.pt</c>, <c>.pth</c>: what <c>torch.save</c> writes) cannot be read. Each
/// value is the last two digits of the error code <c>QF14xx</c>, so the numbers are stable: add new members at the end.
/// </summary>
public enum PickleCheckpointError
{
    /// <summary>The file is neither a PyTorch zip archive with a <c>data.pkl</c> nor a pre-1.6 <c>torch.save</c> stream.</summary>
    UnknownContainer = 1,

    /// <summary>The pickle names a global outside the admitted list; refused by name before anything else is read.</summary>
    ForbiddenGlobal = 2,

    /// <summary>The pickle is truncated or malformed, or uses an opcode this reader does not interpret.</summary>
    MalformedPickle = 3,

    /// <summary>A tensor this reader cannot produce: bad rebuild arguments, negative strides, big-endian data, old storage views.</summary>
    UnsupportedTensor = 4,

    /// <summary>A storage a tensor needs is missing from the file or shorter than the tensor reaches.</summary>
    MissingStorage = 5,

    /// <summary>The checkpoint holds no tensors under <c>state_dict</c> or at its top level.</summary>
    NoTensors = 6,

    /// <summary><c>convert</c>: the output is not a <c>.safetensors</c> path, or is the input itself.</summary>
    InvalidOutput = 7,
}
