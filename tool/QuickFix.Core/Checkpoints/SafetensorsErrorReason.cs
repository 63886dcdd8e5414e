namespace QuickFix.Checkpoints;

/// <summary>
/// Which rule of the safetensors format a file breaks. One member per check, mirroring the safetensors crate's
/// <c>SafeTensorError</c> variants where one exists (algorithm.md §5).
/// </summary>
public enum SafetensorsErrorReason
{
    /// <summary>The file is shorter than the 8-byte header length prefix.</summary>
    HeaderTooSmall,

    /// <summary>The header length exceeds the 100,000,000-byte cap.</summary>
    HeaderTooLarge,

    /// <summary>The header length points past the end of the file.</summary>
    InvalidHeaderLength,

    /// <summary>The header does not begin with <c>{</c>.</summary>
    InvalidHeaderStart,

    /// <summary>The header is not valid UTF-8.</summary>
    InvalidHeaderUtf8,

    /// <summary>The header is not well-formed JSON, or not a JSON object, or has bytes after the object other than padding.</summary>
    InvalidHeaderJson,

    /// <summary>A tensor name (or <c>__metadata__</c>) appears twice.</summary>
    DuplicateKey,

    /// <summary><c>__metadata__</c> is not an object of string values.</summary>
    InvalidMetadata,

    /// <summary>A tensor entry lacks or misspells <c>dtype</c>, <c>shape</c> or <c>data_offsets</c>, or has other fields.</summary>
    InvalidTensorEntry,

    /// <summary>A tensor's <c>dtype</c> is not one the format defines.</summary>
    UnknownDType,

    /// <summary>A tensor's data does not start where the previous one (in offset order) ends: a gap or an overlap.</summary>
    InvalidOffset,

    /// <summary>A shape's element count or byte size overflows.</summary>
    ValidationOverflow,

    /// <summary>A sub-byte dtype's elements do not fill whole bytes.</summary>
    MisalignedSlice,

    /// <summary>A tensor's byte span differs from element count times element size.</summary>
    TensorInvalidInfo,

    /// <summary>The tensors do not cover the data buffer exactly to the end of the file (missing or trailing bytes).</summary>
    MetadataIncompleteBuffer,

    /// <summary>A tensor that was asked for is not in the file.</summary>
    TensorNotFound,
}
