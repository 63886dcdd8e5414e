namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// What a tensor holds, independent of the precision a checkpoint is written in: float tensors take the requested
/// dtype, integer buffers keep the integer type the original code registers (per the checkpoint-layout oracle).
/// </summary>
public enum TensorKind
{
    /// <summary>A float parameter or float buffer; stored in the checkpoint's float dtype.</summary>
    Floating,

    /// <summary>An int64 buffer (HF CLIP <c>position_ids</c>).</summary>
    Index,

    /// <summary>An int32 buffer (LitEma <c>num_updates</c>).</summary>
    Counter,
}
