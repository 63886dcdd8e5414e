using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Text.Json;
using System.Text.Unicode;

namespace QuickFix.Checkpoints;

/// <summary>
/// Parses and validates a safetensors header (algorithm.md §5, after huggingface/safetensors <c>tensor.rs</c>
/// <c>read_metadata</c> and <c>validate</c>). Hand-written over <see cref="Utf8JsonReader"/> rather than a
/// deserializer because the format needs what a deserializer hides: duplicate keys rejected, unknown fields
/// rejected, integers checked exactly, and the byte position of each offending entry for the error.
/// </summary>
internal static class SafetensorsHeaderParser
{
    internal const int LengthPrefixSize = 8;

    /// <summary><c>MAX_HEADER_SIZE</c> of the safetensors crate.</summary>
    internal const long MaxHeaderLength = 100_000_000;

    internal const string MetadataKey = "__metadata__";

    /// <summary>Checks the 8-byte little-endian length prefix against the file length and returns <c>N</c>.</summary>
    internal static int ReadHeaderLength(ReadOnlySpan<byte> prefix, long fileLength, string? filePath)
    {
        if (prefix.Length < LengthPrefixSize || fileLength < LengthPrefixSize)
        {
            throw new SafetensorsFormatException(
                SafetensorsError.HeaderTooSmall,
                $"the file is {fileLength} bytes long; a safetensors file starts with an 8-byte header length.",
                filePath,
                offset: 0);
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderLength)
        {
            throw new SafetensorsFormatException(
                SafetensorsError.HeaderTooLarge,
                $"the header length is {headerLength} bytes; at most {MaxHeaderLength} are allowed.",
                filePath,
                offset: 0);
        }

        if (LengthPrefixSize + (long)headerLength > fileLength)
        {
            throw new SafetensorsFormatException(
                SafetensorsError.InvalidHeaderLength,
                $"the header length is {headerLength} bytes, but only {fileLength - LengthPrefixSize} bytes follow the length prefix.",
                filePath,
                offset: 0);
        }

        return (int)headerLength;
    }

    /// <summary>Validates the first <c>8 + N</c> bytes of a file of <paramref name="fileLength"/> bytes and returns its header.</summary>
    internal static SafetensorsHeader Parse(ReadOnlySpan<byte> fileStart, long fileLength, string? filePath)
    {
        var headerLength = ReadHeaderLength(fileStart, fileLength, filePath);
        if (fileStart.Length < LengthPrefixSize + headerLength)
        {
            throw new ArgumentException(
                $"The span holds {fileStart.Length} bytes; the header needs the first {LengthPrefixSize + headerLength}.", nameof(fileStart));
        }

        return ParseJson(fileStart.Slice(LengthPrefixSize, headerLength), fileLength, filePath);
    }

    private static SafetensorsHeader ParseJson(ReadOnlySpan<byte> json, long fileLength, string? filePath)
    {
        if (json.IsEmpty || json[0] != (byte)'{')
        {
            throw new SafetensorsFormatException(
                SafetensorsError.HeaderNotObject,
                "the header must be a JSON object starting with '{'.",
                filePath,
                offset: LengthPrefixSize);
        }

        if (!Utf8.IsValid(json))
        {
            throw new SafetensorsFormatException(
                SafetensorsError.InvalidHeaderUtf8, "the header is not valid UTF-8.", filePath, offset: LengthPrefixSize);
        }

        var entries = new List<Entry>();
        var metadata = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        // Never deeper than 3 (header, entry, shape or offsets): any other nested value is refused at its first token,
        // so hostile nesting ends at its first unexpected bracket, and the reader's own MaxDepth (64) is never reached.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            ReadTopLevel(ref reader, entries, metadata, filePath);
        }
        catch (JsonException exception)
        {
            // The header is normally one line, so the position in the line is the position in the header.
            long? offset = exception.LineNumber == 0 ? LengthPrefixSize + exception.BytePositionInLine : null;
            throw new SafetensorsFormatException(
                SafetensorsError.InvalidHeaderJson,
                $"the header is not valid JSON: {exception.Message}",
                filePath,
                offset,
                innerException: exception);
        }

        var tensors = Validate(entries, json.Length, fileLength, filePath);
        return new SafetensorsHeader(json.Length, new ReadOnlyDictionary<string, string>(metadata), tensors.AsReadOnly());
    }

    private static void ReadTopLevel(
        ref Utf8JsonReader reader, List<Entry> entries, OrderedDictionary<string, string> metadata, string? filePath)
    {
        reader.Read();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyOffset = LengthPrefixSize + reader.TokenStartIndex;
            var key = ReadString(ref reader, filePath);
            if (!seen.Add(key))
            {
                throw new SafetensorsFormatException(
                    SafetensorsError.DuplicateTensorName, $"the key '{key}' appears twice in the header.", filePath, keyOffset, key);
            }

            reader.Read();
            if (key == MetadataKey)
            {
                ReadMetadata(ref reader, metadata, filePath);
            }
            else
            {
                entries.Add(ReadEntry(ref reader, key, keyOffset, filePath));
            }
        }

        // The reader has consumed the closing brace; anything but JSON whitespace after it is an error.
        if (reader.Read())
        {
            throw new SafetensorsFormatException(
                SafetensorsError.InvalidHeaderJson,
                "the header has data after its JSON object; only space padding may follow it.",
                filePath,
                LengthPrefixSize + reader.TokenStartIndex);
        }
    }

    private static void ReadMetadata(ref Utf8JsonReader reader, OrderedDictionary<string, string> metadata, string? filePath)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return; // serde reads `"__metadata__": null` as no metadata.
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw InvalidMetadata(ref reader, "__metadata__ must be an object of strings.", filePath);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = ReadString(ref reader, filePath);
            reader.Read();
            if (reader.TokenType != JsonTokenType.String)
            {
                throw InvalidMetadata(ref reader, $"__metadata__ value '{key}' must be a string, not {reader.TokenType}.", filePath);
            }

            if (!metadata.TryAdd(key, ReadString(ref reader, filePath)))
            {
                throw InvalidMetadata(ref reader, $"__metadata__ has the key '{key}' twice.", filePath);
            }
        }
    }

    /// <summary>
    /// The current string token, unescaped. The reader accepts any <c>\uXXXX</c> escape while scanning and only
    /// refuses a lone UTF-16 surrogate (<c>"\ud800"</c>) when the string is decoded, with an
    /// <see cref="InvalidOperationException"/>; serde_json refuses it as invalid JSON, and so does this.
    /// </summary>
    private static string ReadString(ref Utf8JsonReader reader, string? filePath)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException exception)
        {
            throw new SafetensorsFormatException(
                SafetensorsError.InvalidHeaderJson,
                $"the header is not valid JSON: a string escapes a lone UTF-16 surrogate ({exception.Message})",
                filePath,
                LengthPrefixSize + reader.TokenStartIndex,
                innerException: exception);
        }
    }

    private static SafetensorsFormatException InvalidMetadata(ref Utf8JsonReader reader, string message, string? filePath) =>
        new(SafetensorsError.InvalidMetadata, message, filePath, LengthPrefixSize + reader.TokenStartIndex);

    private static Entry ReadEntry(ref Utf8JsonReader reader, string name, long keyOffset, string? filePath)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw InvalidEntry("must be an object with dtype, shape and data_offsets.");
        }

        SafetensorsDType dtype = default;
        var hasDType = false;
        ImmutableArray<long>? shape = null;
        ImmutableArray<long>? offsets = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = ReadString(ref reader, filePath);
            reader.Read();
            switch (field)
            {
                case "dtype" when !hasDType:
                    var dtypeName = reader.TokenType == JsonTokenType.String ? ReadString(ref reader, filePath) : null;
                    hasDType = SafetensorsDTypes.TryParse(dtypeName, out dtype);
                    if (!hasDType)
                    {
                        throw new SafetensorsFormatException(
                            SafetensorsError.UnknownDType,
                            $"dtype {(dtypeName is null ? reader.TokenType.ToString() : $"'{dtypeName}'")} is not a safetensors dtype "
                            + $"(expected one of {string.Join(", ", Enum.GetNames<SafetensorsDType>())}).",
                            filePath,
                            LengthPrefixSize + reader.TokenStartIndex,
                            name);
                    }

                    break;
                case "shape" when shape is null:
                    shape = ReadIntegers(ref reader, "shape", SafetensorsError.InvalidShape);
                    break;
                case "data_offsets" when offsets is null:
                    offsets = ReadIntegers(ref reader, "data_offsets", SafetensorsError.InvalidOffsets);
                    if (offsets.Value.Length != 2 || offsets.Value[1] < offsets.Value[0])
                    {
                        throw Invalid(
                            SafetensorsError.InvalidOffsets,
                            $"data_offsets [{string.Join(", ", offsets.Value)}] must be [begin, end] with begin <= end.");
                    }

                    break;
                default:
                    throw InvalidEntry($"has an unexpected or repeated field '{field}' (expected dtype, shape, data_offsets).");
            }
        }

        if (!hasDType || shape is null || offsets is null)
        {
            throw InvalidEntry("must have all of dtype, shape and data_offsets.");
        }

        return new Entry(new TensorInfo(name, dtype, shape.Value, offsets.Value[0], offsets.Value[1]), keyOffset);

        SafetensorsFormatException InvalidEntry(string message) =>
            Invalid(SafetensorsError.InvalidTensorEntry, $"the header entry {message}");

        SafetensorsFormatException Invalid(SafetensorsError reason, string message) => new(reason, message, filePath, keyOffset, name);

        ImmutableArray<long> ReadIntegers(ref Utf8JsonReader reader, string what, SafetensorsError reason)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw Invalid(reason, $"{what} must be an array of non-negative integers.");
            }

            var values = ImmutableArray.CreateBuilder<long>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var value) || value < 0)
                {
                    throw Invalid(reason, $"{what} must be an array of non-negative integers.");
                }

                values.Add(value);
            }

            return values.ToImmutable();
        }
    }

    /// <summary>
    /// The crate's <c>validate</c>: in offset order each tensor starts where the previous ended, its span is exactly
    /// element count times element size, and the last one ends the file.
    /// </summary>
    private static List<TensorInfo> Validate(List<Entry> entries, long headerLength, long fileLength, string? filePath)
    {
        var ordered = entries.OrderBy(entry => entry.Tensor.Begin).ThenBy(entry => entry.Tensor.End).ToList();
        long expectedBegin = 0;
        foreach (var (tensor, keyOffset) in ordered)
        {
            if (tensor.Begin != expectedBegin)
            {
                throw new SafetensorsFormatException(
                    SafetensorsError.GapOrOverlap,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] must start at {expectedBegin}, where the previous "
                    + "tensor ends (no gaps, no overlaps).",
                    filePath,
                    keyOffset,
                    tensor.Name);
            }

            expectedBegin = tensor.End;
            long bits;
            try
            {
                bits = checked(tensor.ElementCount * tensor.DType.BitSize());
            }
            catch (OverflowException)
            {
                throw new SafetensorsFormatException(
                    SafetensorsError.ShapeOverflow,
                    $"shape [{string.Join(", ", tensor.Shape)}] of {tensor.DType} overflows a 64-bit byte count.",
                    filePath,
                    keyOffset,
                    tensor.Name);
            }

            if (bits % 8 != 0)
            {
                throw new SafetensorsFormatException(
                    SafetensorsError.MisalignedSubByteTensor,
                    $"shape [{string.Join(", ", tensor.Shape)}] of {tensor.DType} is {bits} bits, not a whole number of bytes.",
                    filePath,
                    keyOffset,
                    tensor.Name);
            }

            if (tensor.ByteLength != bits / 8)
            {
                throw new SafetensorsFormatException(
                    SafetensorsError.TensorByteLengthMismatch,
                    $"data_offsets [{tensor.Begin}, {tensor.End}] span {tensor.ByteLength} bytes, but {tensor.DType} "
                    + $"[{string.Join(", ", tensor.Shape)}] needs {bits / 8}.",
                    filePath,
                    keyOffset,
                    tensor.Name);
            }
        }

        var dataLength = fileLength - LengthPrefixSize - headerLength;
        if (expectedBegin != dataLength)
        {
            throw new SafetensorsFormatException(
                expectedBegin > dataLength ? SafetensorsError.MetadataIncompleteBuffer : SafetensorsError.TrailingBytes,
                $"the tensors cover {expectedBegin} bytes of data, but the file holds {dataLength} after the header.",
                filePath,
                LengthPrefixSize + headerLength + Math.Min(expectedBegin, dataLength));
        }

        return ordered.ConvertAll(entry => entry.Tensor);
    }

    private readonly record struct Entry(TensorInfo Tensor, long KeyOffset);
}
