using System.Diagnostics.CodeAnalysis;

namespace QuickFix.Checkpoints;

/// <summary>
/// Element types a safetensors header may name, in the order of the safetensors crate's <c>Dtype</c> enum
/// (huggingface/safetensors <c>safetensors/src/tensor.rs</c>; algorithm.md §5). The header spells each one
/// exactly as its member name (<c>F16</c>, <c>BF16</c>, <c>F8_E4M3</c>, ...).
/// </summary>
[SuppressMessage(
    "Naming",
    "CA1707:Identifiers should not contain underscores",
    Justification = "Members are spelled as in the format, so that the header name is the member name.")]
public enum SafetensorsDType
{
    /// <summary>Boolean, one byte per element.</summary>
    BOOL,

    /// <summary>4-bit float (MX FP4), two elements per byte.</summary>
    F4,

    /// <summary>6-bit float, E2M3.</summary>
    F6_E2M3,

    /// <summary>6-bit float, E3M2.</summary>
    F6_E3M2,

    /// <summary>Unsigned 8-bit integer.</summary>
    U8,

    /// <summary>Signed 8-bit integer.</summary>
    I8,

    /// <summary>8-bit float, E5M2.</summary>
    F8_E5M2,

    /// <summary>8-bit float, E4M3 (torch <c>float8_e4m3fn</c>).</summary>
    F8_E4M3,

    /// <summary>8-bit exponent-only scale, E8M0.</summary>
    F8_E8M0,

    /// <summary>8-bit float, E4M3 without negative zero.</summary>
    F8_E4M3FNUZ,

    /// <summary>8-bit float, E5M2 without negative zero.</summary>
    F8_E5M2FNUZ,

    /// <summary>Signed 16-bit integer.</summary>
    I16,

    /// <summary>Unsigned 16-bit integer.</summary>
    U16,

    /// <summary>IEEE 754 half precision.</summary>
    F16,

    /// <summary>bfloat16 (the upper half of an IEEE single).</summary>
    BF16,

    /// <summary>Signed 32-bit integer.</summary>
    I32,

    /// <summary>Unsigned 32-bit integer.</summary>
    U32,

    /// <summary>IEEE 754 single precision.</summary>
    F32,

    /// <summary>Complex number of two singles.</summary>
    C64,

    /// <summary>IEEE 754 double precision.</summary>
    F64,

    /// <summary>Signed 64-bit integer.</summary>
    I64,

    /// <summary>Unsigned 64-bit integer.</summary>
    U64,
}
