namespace QuickFix.Checkpoints;

/// <summary>
/// Which rule of the safetensors format a file breaks (algorithm.md §5; the safetensors crate's <c>SafeTensorError</c>,
/// split where one crate variant covers several rules). Each value is the last two digits of the error code
/// <c>QF02xx</c>, so the numbers are stable: add new members at the end.
/// </summary>
public enum SafetensorsError
{
    /// <summary>The file is shorter than the 8-byte header length prefix.</summary>
    HeaderTooSmall = 1,

    /// <summary>The header length exceeds the 100,000,000-byte cap.</summary>
    HeaderTooLarge = 2,

    /// <summary>The header length points past the end of the file.</summary>
    InvalidHeaderLength = 3,

    /// <summary>The header is not valid UTF-8.</summary>
    InvalidHeaderUtf8 = 4,

    /// <summary>The header is not well-formed JSON, or has bytes after its object other than padding.</summary>
    InvalidHeaderJson = 5,

    /// <summary>The header does not begin with <c>{</c>.</summary>
    HeaderNotObject = 6,

    /// <summary>A tensor entry is not an object of exactly <c>dtype</c>, <c>shape</c> and <c>data_offsets</c>.</summary>
    InvalidTensorEntry = 7,

    /// <summary>A tensor's <c>dtype</c> is not one the format defines (spelling is case-sensitive).</summary>
    UnknownDType = 8,

    /// <summary>A tensor name (or <c>__metadata__</c>) appears twice.</summary>
    DuplicateTensorName = 9,

    /// <summary>A shape is not an array of non-negative integers.</summary>
    InvalidShape = 10,

    /// <summary>A shape's element count or size in bits overflows 64 bits.</summary>
    ShapeOverflow = 11,

    /// <summary><c>data_offsets</c> is not <c>[begin, end]</c> with <c>0 &lt;= begin &lt;= end</c>.</summary>
    InvalidOffsets = 12,

    /// <summary>A tensor's byte span differs from element count times element size.</summary>
    TensorByteLengthMismatch = 13,

    /// <summary>A sub-byte dtype's elements do not fill whole bytes.</summary>
    MisalignedSubByteTensor = 14,

    /// <summary>In offset order, a tensor does not start where the previous one ends (a gap or an overlap).</summary>
    GapOrOverlap = 15,

    /// <summary>The file ends before the last tensor does: data is missing.</summary>
    MetadataIncompleteBuffer = 16,

    /// <summary>Bytes follow the last tensor: the tensors do not reach the end of the file.</summary>
    TrailingBytes = 17,

    /// <summary><c>__metadata__</c> is not an object of string values.</summary>
    InvalidMetadata = 18,

    /// <summary>A tensor that was asked for is not in the file.</summary>
    TensorNotFound = 19,
}
