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
        Assert.Equal(new SafetensorsTensorInfo("test", SafetensorsDType.I32, [2, 2], 0, 16), tensor);
        Assert.Equal(4, tensor.ElementCount);
    }

    [Fact]
    public void Reads_the_reference_text_encoder_header()
    {
        using var stream = File.OpenRead(SharedData.Reference("clip-text", "text_encoder", "model.safetensors"));

        var header = SafetensorsHeader.Read(stream);

        Assert.Equal(6464, header.HeaderLength);
        Assert.Equal(27_723_080, header.FileLength);
        Assert.Equal(52, header.Tensors.Count); // 3 blocks x 16 + 2 embeddings + final_layer_norm weight and bias
        Assert.Equal("pt", header.Metadata["format"]);
        Assert.Equal("format", header.Metadata.Keys.First());
        var outProj = header.GetTensor("text_model.encoder.layers.0.self_attn.out_proj.weight");
        Assert.Equal(new SafetensorsTensorInfo(outProj.Name, SafetensorsDType.F32, [128, 128], 25_931_776, 25_997_312), outProj);
        Assert.Equal([49408L, 128L], header.GetTensor("text_model.embeddings.token_embedding.weight").Shape.ToArray());
        Assert.Equal(0, header.Tensors[0].DataBegin);
        Assert.Equal(header.FileLength - header.DataOffset, header.Tensors[^1].DataEnd);
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
        Assert.Equal(1, header.GetTensor("s").ElementCount);
        Assert.Equal(0, header.GetTensor("e").ByteLength);
        Assert.Equal(SafetensorsDType.BF16, header.GetTensor("h").DType);
    }

    public static TheoryData<string, byte[], SafetensorsErrorReason> BrokenFiles => new()
    {
        { "7 bytes", new byte[7], SafetensorsErrorReason.HeaderTooSmall },
        { "N over the 100 MB cap", SafetensorsBytes.Build("{}", 0, declaredLength: 100_000_001), SafetensorsErrorReason.HeaderTooLarge },
        { "N past the end", SafetensorsBytes.Build("{}", 0, declaredLength: 3), SafetensorsErrorReason.InvalidHeaderLength },
        { "header not an object", SafetensorsBytes.Build("[]", 0), SafetensorsErrorReason.InvalidHeaderStart },
        { "empty header", SafetensorsBytes.Build("", 0), SafetensorsErrorReason.InvalidHeaderStart },
        { "bad UTF-8", SafetensorsBytes.Build([(byte)'{', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)':', (byte)'1', (byte)'}'], 0), SafetensorsErrorReason.InvalidHeaderUtf8 },
        { "truncated JSON", SafetensorsBytes.Build("{\"a\":{", 0), SafetensorsErrorReason.InvalidHeaderJson },
        { "data after the object", SafetensorsBytes.Build("{} {}", 0), SafetensorsErrorReason.InvalidHeaderJson },
        { "trailing comma", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 0, 1) + ",}", 1), SafetensorsErrorReason.InvalidHeaderJson },
        { "duplicate key", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 0, 1) + "," + Entry("a", "U8", "[1]", 1, 2) + "}", 2), SafetensorsErrorReason.DuplicateKey },
        { "metadata number", SafetensorsBytes.Build("{\"__metadata__\":{\"format\":1}}", 0), SafetensorsErrorReason.InvalidMetadata },
        { "metadata array", SafetensorsBytes.Build("{\"__metadata__\":[]}", 0), SafetensorsErrorReason.InvalidMetadata },
        { "missing shape", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"data_offsets\":[0,1]}}", 1), SafetensorsErrorReason.InvalidTensorEntry },
        { "extra field", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1],\"x\":1}}", 1), SafetensorsErrorReason.InvalidTensorEntry },
        { "negative dimension", SafetensorsBytes.Build("{" + Entry("a", "U8", "[-1]", 0, 1) + "}", 1), SafetensorsErrorReason.InvalidTensorEntry },
        { "fractional dimension", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1.5]", 0, 1) + "}", 1), SafetensorsErrorReason.InvalidTensorEntry },
        { "three offsets", SafetensorsBytes.Build("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1,2]}}", 1), SafetensorsErrorReason.InvalidTensorEntry },
        { "lower-case dtype", SafetensorsBytes.Build("{" + Entry("a", "f32", "[1]", 0, 4) + "}", 4), SafetensorsErrorReason.UnknownDType },
        { "numeric dtype", SafetensorsBytes.Build("{" + Entry("a", "17", "[1]", 0, 4) + "}", 4), SafetensorsErrorReason.UnknownDType },
        { "gap", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 1, 2) + "}", 2), SafetensorsErrorReason.InvalidOffset },
        { "overlap", SafetensorsBytes.Build("{" + Entry("a", "U8", "[2]", 0, 2) + "," + Entry("b", "U8", "[1]", 1, 2) + "}", 2), SafetensorsErrorReason.InvalidOffset },
        { "end before begin", SafetensorsBytes.Build("{" + Entry("a", "U8", "[0]", 0, 0) + "," + Entry("b", "U8", "[0]", 0, 0) + "," + Entry("c", "U8", "[1]", 2, 1) + "}", 2), SafetensorsErrorReason.InvalidOffset },
        { "element count overflow", SafetensorsBytes.Build("{" + Entry("a", "F64", "[4294967296,4294967296]", 0, 8) + "}", 8), SafetensorsErrorReason.ValidationOverflow },
        { "odd number of F4", SafetensorsBytes.Build("{" + Entry("a", "F4", "[3]", 0, 2) + "}", 2), SafetensorsErrorReason.MisalignedSlice },
        { "span too short", SafetensorsBytes.Build("{" + Entry("a", "F32", "[2,2]", 0, 15) + "}", 15), SafetensorsErrorReason.TensorInvalidInfo },
        { "trailing byte", SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 0, 1) + "}", 2), SafetensorsErrorReason.MetadataIncompleteBuffer },
        { "missing data", SafetensorsBytes.Build("{" + Entry("a", "U8", "[4]", 0, 4) + "}", 3), SafetensorsErrorReason.MetadataIncompleteBuffer },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public void Rejects_each_broken_rule_with_its_reason(string description, byte[] file, SafetensorsErrorReason reason)
    {
        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsBytes.Parse(file));

        Assert.True(reason == error.Reason, $"{description}: expected {reason}, got {error.Reason}: {error.Message}");
        Assert.Equal("QF1100", error.Code);
        Assert.Equal("test.safetensors", error.FilePath);
        Assert.StartsWith("test.safetensors", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsInputError);
    }

    [Fact]
    public void Every_reason_but_a_lookup_miss_has_a_broken_file_test()
    {
        var covered = BrokenFiles.Select(row => (SafetensorsErrorReason)row[2]).ToHashSet();

        Assert.Equal(
            Enum.GetValues<SafetensorsErrorReason>().Except([SafetensorsErrorReason.TensorNotFound]).Order(),
            covered.Order());
    }

    [Fact]
    public void Errors_point_at_the_offending_entry()
    {
        var header = "{" + Entry("a", "U8", "[1]", 0, 1) + "," + Entry("b", "F32", "[1]", 1, 5) + "," + Entry("c", "F32", "[2]", 5, 12) + "}";
        var file = SafetensorsBytes.Build(header, 12);

        var error = Assert.Throws<SafetensorsFormatException>(() => SafetensorsBytes.Parse(file));

        Assert.Equal(SafetensorsErrorReason.TensorInvalidInfo, error.Reason);
        Assert.Equal("c", error.TensorName);
        Assert.Equal(8 + header.IndexOf("\"c\"", StringComparison.Ordinal), error.Offset);
        Assert.Contains("needs 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tensor_is_reported_by_name()
    {
        var header = SafetensorsBytes.Parse(SafetensorsBytes.Build("{" + Entry("a", "U8", "[1]", 0, 1) + "}", 1));

        var error = Assert.Throws<SafetensorsFormatException>(() => header.GetTensor("b"));

        Assert.Equal(SafetensorsErrorReason.TensorNotFound, error.Reason);
        Assert.Equal("b", error.TensorName);
        Assert.False(header.TryGetTensor("A", out _)); // names are case-sensitive
    }

    private static string Entry(string name, string dtype, string shape, long begin, long end) =>
        $"\"{name}\":{{\"dtype\":\"{dtype}\",\"shape\":{shape},\"data_offsets\":[{begin},{end}]}}";
}
