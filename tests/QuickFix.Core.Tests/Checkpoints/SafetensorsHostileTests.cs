using System.Buffers.Binary;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

/// <summary>
/// Hostile safetensors files (issue 8, item 1): each is refused with the code of the rule it breaks, before any
/// allocation its header could make large, and without a crash.
/// </summary>
public sealed class SafetensorsHostileTests
{
    // What an exception and an opened handle cost; far below the lengths the hostile files claim.
    private const long AllocationBound = 1 << 20;

    public static TheoryData<string, ulong, SafetensorsError> LyingLengths => new()
    {
        { "90 MB claimed in a 1 KB file", 90_000_000, SafetensorsError.InvalidHeaderLength },
        { "one byte over the 100 MB cap", 100_000_001, SafetensorsError.HeaderTooLarge },
        { "2^63 bytes", 1UL << 63, SafetensorsError.HeaderTooLarge },
        { "2^64 - 1 bytes", ulong.MaxValue, SafetensorsError.HeaderTooLarge },
    };

    [Theory]
    [MemberData(nameof(LyingLengths))]
    public void A_lying_header_length_is_refused_before_anything_that_size_is_allocated(string description, ulong declared, SafetensorsError reason)
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("lying.safetensors");
        var file = new byte[1024];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declared);
        "{}"u8.CopyTo(file.AsSpan(8));
        File.WriteAllBytes(path, file);
        Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path)); // warm up: JIT and first-use costs

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(reason == error.Reason, $"{description}: expected {reason}, got {error.Reason}: {error.Message}");
        Assert.InRange(allocated, 0, AllocationBound);
        Assert.Contains($"the header length is {declared} bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, error.Offset);
    }

    public static TheoryData<string, string, SafetensorsError> DeeplyNested => new()
    {
        { "a tensor entry", "{\"a\":" + Nest(10_000) + "}", SafetensorsError.InvalidTensorEntry },
        { "a shape", "{\"a\":{\"dtype\":\"U8\",\"shape\":" + Nest(10_000) + ",\"data_offsets\":[0,0]}}", SafetensorsError.InvalidShape },
        { "data_offsets", "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":" + Nest(10_000) + "}}", SafetensorsError.InvalidOffsets },
        { "a dtype", "{\"a\":{\"dtype\":" + Nest(10_000) + "}}", SafetensorsError.UnknownDType },
        { "an extra field", "{\"a\":{\"dtype\":\"U8\",\"shape\":[0],\"data_offsets\":[0,0],\"x\":" + Nest(10_000) + "}}", SafetensorsError.InvalidTensorEntry },
        { "a metadata value", "{\"__metadata__\":{\"k\":" + NestObjects(10_000) + "}}", SafetensorsError.InvalidMetadata },
        { "the header itself", Nest(10_000), SafetensorsError.HeaderNotObject },
        { "unclosed arrays", "{\"a\":" + new string('[', 100_000), SafetensorsError.InvalidTensorEntry },
    };

    [Theory]
    [MemberData(nameof(DeeplyNested))]
    public void Nesting_ten_thousand_levels_deep_is_a_clean_rejection(string where, string header, SafetensorsError reason)
    {
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsBytes.Parse(SafetensorsBytes.Build(header, 0)));

        Assert.True(reason == error.Reason, $"{where}: expected {reason}, got {error.Reason}: {error.Message}");
        Assert.StartsWith("test.safetensors", error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, long, SafetensorsError, string> HostileHeaders => new()
    {
        {
            "a name repeated through a JSON escape",
            "{" + Entry("a", "U8", "[1]", 0, 1) + "," + Entry("\\u0061", "U8", "[1]", 1, 2) + "}", 2,
            SafetensorsError.DuplicateTensorName, "the key 'a' appears twice"
        },
        {
            "__metadata__ twice",
            "{\"__metadata__\":{},\"__metadata__\":{}}", 0,
            SafetensorsError.DuplicateTensorName, "the key '__metadata__' appears twice"
        },
        {
            "a metadata key twice",
            "{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}", 0,
            SafetensorsError.InvalidMetadata, "__metadata__ has the key 'k' twice"
        },
        {
            "a metadata value that is an object",
            "{\"__metadata__\":{\"k\":{\"x\":\"y\"}}}", 0,
            SafetensorsError.InvalidMetadata, "__metadata__ value 'k' must be a string, not StartObject"
        },
        {
            "a metadata value that is null",
            "{\"__metadata__\":{\"k\":null}}", 0,
            SafetensorsError.InvalidMetadata, "must be a string, not Null"
        },
        {
            "metadata that is a string",
            "{\"__metadata__\":\"format=pt\"}", 0,
            SafetensorsError.InvalidMetadata, "__metadata__ must be an object of strings"
        },
        {
            "an end offset past 2^63",
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,9223372036854775808]}}", 1,
            SafetensorsError.InvalidOffsets, "data_offsets must be an array of non-negative integers"
        },
        {
            "an offset in exponent notation",
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1e0]}}", 1,
            SafetensorsError.InvalidOffsets, "data_offsets must be an array of non-negative integers"
        },
        {
            "a negative begin offset",
            "{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[-1,0]}}", 1,
            SafetensorsError.InvalidOffsets, "non-negative"
        },
        {
            "offsets far past the end of the file",
            "{" + Entry("a", "U8", "[576460752303423488]", 0, 576460752303423488) + "}", 4,
            SafetensorsError.MetadataIncompleteBuffer, "the tensors cover 576460752303423488 bytes of data, but the file holds 4"
        },
        {
            "a dimension past 2^63",
            "{" + Entry("a", "U8", "[18446744073709551616]", 0, 1) + "}", 1,
            SafetensorsError.InvalidShape, "shape must be an array of non-negative integers"
        },
        {
            "a bit count that overflows where the element count does not",
            "{" + Entry("a", "F64", "[144115188075855872]", 0, 8) + "}", 8,
            SafetensorsError.ShapeOverflow, "shape [144115188075855872] of F64 overflows"
        },
        {
            "a product that wraps to a small number in 64 bits",
            "{" + Entry("a", "U8", "[4294967296,4294967296,1]", 0, 0) + "}", 0,
            SafetensorsError.ShapeOverflow, "overflows a 64-bit byte count"
        },
        {
            "a dtype from another format",
            "{" + Entry("a", "FP32", "[1]", 0, 4) + "}", 4,
            SafetensorsError.UnknownDType, "dtype 'FP32' is not a safetensors dtype"
        },
        {
            "a dtype that is a number",
            "{\"a\":{\"dtype\":7,\"shape\":[1],\"data_offsets\":[0,4]}}", 4,
            SafetensorsError.UnknownDType, "dtype Number is not a safetensors dtype"
        },
        {
            "two tensors on the same bytes",
            "{" + Entry("a", "U8", "[2]", 0, 2) + "," + Entry("b", "U8", "[2]", 0, 2) + "}", 2,
            SafetensorsError.GapOrOverlap, "must start at 2"
        },
        {
            "a lone surrogate escaped in a name",
            "{" + Entry("\\ud800", "U8", "[1]", 0, 1) + "}", 1,
            SafetensorsError.InvalidHeaderJson, "the header is not valid JSON"
        },
        {
            "a lone surrogate escaped in a metadata value",
            "{\"__metadata__\":{\"k\":\"\\udc00\"}}", 0,
            SafetensorsError.InvalidHeaderJson, "the header is not valid JSON"
        },
        {
            "a NUL byte in the JSON",
            "{\"a\"\0:1}", 0,
            SafetensorsError.InvalidHeaderJson, "the header is not valid JSON"
        },
        {
            "a comment",
            "{/* x */}", 0,
            SafetensorsError.InvalidHeaderJson, "the header is not valid JSON"
        },
    };

    [Theory]
    [MemberData(nameof(HostileHeaders))]
    public void Each_hostile_header_is_refused_with_its_rule(string description, string header, long dataLength, SafetensorsError reason, string message)
    {
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsBytes.Parse(SafetensorsBytes.Build(header, dataLength)));

        Assert.True(reason == error.Reason, $"{description}: expected {reason}, got {error.Reason}: {error.Message}");
        Assert.Equal(SafetensorsFormatException.CodeOf(reason), error.Code);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_UTF8_bytes_inside_a_string_are_refused_as_UTF8_not_as_JSON()
    {
        // An overlong encoding of '/' (C0 AF) and a lone continuation byte: both invalid UTF-8.
        byte[] header = [.. "{\"a"u8, 0xC0, 0xAF, .. "\":1}"u8];

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsBytes.Parse(SafetensorsBytes.Build(header, 0)));

        Assert.Equal(SafetensorsError.InvalidHeaderUtf8, error.Reason);
        Assert.Equal("QF0204", error.Code);
    }

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private static string NestObjects(int depth) =>
        string.Concat(Enumerable.Repeat("{\"x\":", depth)) + "1" + new string('}', depth);

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
}
