using System.Text;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class SafetensorsHeaderTests
{
    [Fact]
    public void Reads_the_safetensors_crate_doc_example_with_its_unaligned_60_byte_header()
    {
        var file = SafetensorsBytes.Build("{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", 16);
        Assert.Equal((byte)'<', file[0]); // N = 0x3C, as in the crate's documentation

        var header = SafetensorsBytes.Parse(file);

        Assert.Equal(60, header.HeaderLength);
        Assert.Equal(68, header.DataOffset);
        Assert.Empty(header.Metadata);
        var tensor = Assert.Single(header.Tensors);
        Assert.Equal(new TensorInfo("test", SafetensorsDType.I32, [2, 2], 0, 16), tensor);
        Assert.Equal(4, tensor.ElementCount);
    }

    [Fact]
    public void Reads_the_reference_text_encoder_header()
    {
        using var header = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));

        Assert.Equal(8 + 6464, header.DataOffset);
        Assert.Equal(27_723_080, header.FileLength);
        Assert.Equal(52, header.Tensors.Count); // 3 blocks x 16 + 2 embeddings + final_layer_norm weight and bias
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal("format", header.Metadata.Keys.First());
        var outProj = header["text_model.encoder.layers.0.self_attn.out_proj.weight"];
        Assert.Equal(new TensorInfo(outProj.Name, SafetensorsDType.F32, [128, 128], 25_931_776, 25_997_312), outProj);
        Assert.Equal([49408L, 128L], header["text_model.embeddings.token_embedding.weight"].Shape);
        Assert.Equal(0, header.Tensors[0].Begin);
        Assert.Equal(header.FileLength - header.DataOffset, header.Tensors[^1].End);
    }

    [Fact]
    public void Accepts_space_padding_null_metadata_scalars_and_empty_tensors()
    {
        var file = SafetensorsBytes.Build(
            "{\"__metadata__\":null,\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
            + "\"e\":{\"dtype\":\"F16\",\"shape\":[3,0],\"data_offsets\":[8,8]},"
            + "\"h\":{\"shape\":[2],\"data_offsets\":[8,12],\"dtype\":\"BF16\"}}     ",
            12);

        var header = SafetensorsBytes.Parse(file);

        Assert.Equal(["s", "e", "h"], header.Tensors.Select(tensor => tensor.Name));
        Assert.Equal(1, header.Tensor("s").ElementCount);
        Assert.Equal(0, header.Tensor("e").ByteLength);
        Assert.Equal(SafetensorsDType.BF16, header.Tensor("h").DType);
    }

    public static TheoryData<string, byte[], SafetensorsError> BrokenFiles => new()
    {
        { "7 bytes", new byte[7], SafetensorsError.HeaderTooSmall },
        { "N over the 100 MB cap", SafetensorsBytes.Build("{}", 0, declaredLength: 100_000_001), SafetensorsError.HeaderTooLarge },
        { "N past the end", SafetensorsBytes.Build("{}", 0, declaredLength: 3), SafetensorsError.InvalidHeaderLength },
        { "header not an object", SafetensorsBytes.Build("[]", 0), SafetensorsError.HeaderNotObject },
        { "empty header", SafetensorsBytes.Build("", 0), SafetensorsError.HeaderNotObject },
        { "bad UTF-8", SafetensorsBytes.Build([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], 0), SafetensorsError.InvalidHeaderUtf8 },
        { "truncated JSON", SafetensorsBytes.Build("{\"a\":{", 0), SafetensorsError.InvalidHeaderJson },
        { "data after the object", SafetensorsBytes.Build("{} {}", 0), SafetensorsError.InvalidHeaderJson },
        { "trailing comma", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 0, 1) + ",}", 1), SafetensorsError.InvalidHeaderJson },
        { "duplicate key", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 0, 1) + "," + Entry("a", "U8", "[1]", 1, 2) + "}", 2), SafetensorsError.DuplicateTensorName },
        { "metadata number", SafetensorsBytes.Build("{\"__metadata__\":{\"format\":1}}", 0), SafetensorsError.InvalidMetadata },
        { "metadata array", SafetensorsBytes.Build("{\"__metadata__\":[]}", 0), SafetensorsError.InvalidMetadata },
        { "missing shape", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", 1), SafetensorsError.InvalidTensorEntry },
        { "extra field", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1}}", 1), SafetensorsError.InvalidTensorEntry },
        { "entry not an object", SafetensorsBytes.Build("{\"a\":[]}", 0), SafetensorsError.InvalidTensorEntry },
        { "negative dimension", SafetensorsBytes.Build("{" + Entry("a", "U8", "[-1]", 0, 1) + "}", 1), SafetensorsError.InvalidShape },
        { "fractional dimension", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1.5]", 0, 1) + "}", 1), SafetensorsError.InvalidShape },
        { "shape not an array", SafetensorsBytes.Build("{" + Entry("a", "U8", "1", 0, 1) + "}", 1), SafetensorsError.InvalidShape },
        { "three offsets", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 1), SafetensorsError.InvalidOffsets },
        { "end before begin", SafetensorsBytes.Build("{" + Entry("a", "U8", "[0]", 0, 0) + "," + Entry("c", "U8", "[1]", 2, 1) + "}", 2), SafetensorsError.InvalidOffsets },
        { "lower-case dtype", SafetensorsBytes.Build("{" + Entry("a", "f32", "[1]", 0, 4) + "}", 4), SafetensorsError.UnknownDType },
        { "numeric dtype", SafetensorsBytes.Build("{" + Entry("a", "17", "[1]", 0, 4) + "}", 4), SafetensorsError.UnknownDType },
        { "gap", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 1, 2) + "}", 2), SafetensorsError.GapOrOverlap },
        { "overlap", SafetensorsBytes.Build("{" + Entry("a", "U8", "[2]", 0, 2) + "," + Entry("b", "U8", "[1]", 1, 2) + "}", 2), SafetensorsError.GapOrOverlap },
        { "element count overflow", SafetensorsBytes.Build("{" + Entry("a", "F64", "[4294967296,4294967296]", 0, 8) + "}", 8), SafetensorsError.ShapeOverflow },
        { "odd number of F4", SafetensorsBytes.Build("{" + Entry("a", "F4", "[3]", 0, 2) + "}", 2), SafetensorsError.MisalignedSubByteTensor },
        { "span too short", SafetensorsBytes.Build("{" + Entry("a", "F32", "[2,2]", 0, 15) + "}", 15), SafetensorsError.TensorByteLengthMismatch },
        { "trailing byte", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 0, 1) + "}", 2), SafetensorsError.TrailingBytes },
        { "missing data", SafetensorsBytes.Build("{" + Entry("a", "U8", "[4]", 0, 4) + "}", 3), SafetensorsError.MetadataIncompleteBuffer },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Rejects_each_broken_rule_with_its_reason(string description, byte[] file, SafetensorsError reason)
    {
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsBytes.Parse(file));

        Assert.True(reason == error.Reason, $"{description}: expected {reason}, got {error.Reason}: {error.Message}");
        Assert.Equal($"QF02{(int)reason:00}", error.Code);
        Assert.Equal("test.safetensors", error.FilePath);
        Assert.StartsWith("test.safetensors", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsInputError);
    }

    [Fact]
    public void Every_reason_but_a_lookup_miss_has_a_broken_file_test()
    {
        var covered = BrokenFiles.Select(row => (SafetensorsError)row[2]).ToHashSet();

        Assert.Equal(
            Enum.GetValues<SafetensorsError>().Except([SafetensorsError.TensorNotFound]).Order(),
            covered.Order());
    }

    [Fact]
    public void Errors_point_at_the_offending_entry()
    {
        var header = "{" + Entry("a", "U8", "[1]", 0, 1) + "," + Entry("b", "F32", "[1]", 1, 5) + "," + Entry("c", "F32", "[2]", 5, 12) + "}";
        var file = SafetensorsBytes.Build(header, 12);

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsBytes.Parse(file));

        Assert.Equal(SafetensorsError.TensorByteLengthMismatch, error.Reason);
        Assert.Equal("c", error.TensorName);
        Assert.Equal(8 + header.IndexOf("\"c\"", StringComparison.Ordinal), error.Offset);
        Assert.Contains("needs 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tensor_is_reported_by_name_and_code()
    {
        using var file = SafetensorsFile.Open(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));

        var error = Assert.Throws<SafetensorsFormatException>(() => file["text_model.encoder.layers.3.self_attn.out_proj.weight"]);

        Assert.Equal(SafetensorsError.TensorNotFound, error.Reason);
        Assert.Equal("QF0219", error.Code);
        Assert.Equal("text_model.encoder.layers.3.self_attn.out_proj.weight", error.TensorName);
        Assert.Equal(file.Path, error.FilePath);
        Assert.False(file.TryGetTensor("TEXT_MODEL.final_layer_norm.bias", out _)); // names are case-sensitive
    }

    [Fact]
    public void Error_codes_are_distinct_and_stable()
    {
        var codes = Enum.GetValues<SafetensorsError>().Select(SafetensorsFormatException.CodeOf).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal("QF0201", SafetensorsFormatException.CodeOf(SafetensorsError.HeaderTooSmall));
        Assert.All(codes, code => Assert.Matches("^QF02[0-9]{2}$", code));
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
}
