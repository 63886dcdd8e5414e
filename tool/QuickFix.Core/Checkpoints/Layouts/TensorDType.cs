namespace QuickFix.Checkpoints.Layouts;

/// <summary>Element types a checkpoint tensor can have, spelled as in the safetensors header.</summary>
public enum TensorDType
{
    /// <summary>IEEE float32.</summary>
    F32,

    /// <summary>IEEE float16.</summary>
    F16,

    /// <summary>bfloat16.</summary>
    BF16,

    /// <summary>int64 (e.g. CLIP <c>position_ids</c>).</summary>
    I64,

    /// <summary>int32 (e.g. <c>model_ema.num_updates</c>).</summary>
    I32,
}
