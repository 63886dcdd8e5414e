using System.Buffers.Binary;
using CsCheck;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class SafetensorsWriterTests
{
    private const string OutProj = "text_model.encoder.layers.0.self_attn.out_proj.weight";

    [Theory]
    [InlineData("clip-text", "text_encoder", "model.safetensors")]
    [InlineData("clip-text", "expected.safetensors")]
    [InlineData("ldm-tiny", "expected.safetensors")]
    [InlineData("ldm-tiny", "model.safetensors")]
    public void Rewriting_a_reference_file_reproduces_it_byte_for_byte(params string[] parts)
    {
        // The fixtures come from an independent writer (reference README "All .safetensors files").
        var path = SharedData.Reference(parts);
        using var source = SafetensorsFile.Open(path);

        var output = Rewrite(source);

        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(output));
    }

    [Fact]
    public void Puts_I64_before_F64_as_the_crate_enum_does_where_the_fixture_writer_ranks_by_size()
    {
        // expected_biasfree holds F64, I64 and F32 tensors; its writer ranked F64 and I64 as equals (both 8 bytes),
        // the safetensors crate ranks by its Dtype enum, where I64 comes after F64, so sorts before it when descending.
        using var source = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));

        var output = Rewrite(source);
        var header = SafetensorsBytes.Parse(output);

        Assert.Equal(["pairs", "M1", "M2", "keys", "values", "w_star_f64", "b0", OutProj, "w0"], header.Tensors.Select(tensor => tensor.Name));
        Assert.Equal(source.FileLength - source.DataOffset, output.Length - header.DataOffset);
        Assert.All(header.Tensors, tensor => Assert.Equal(
            source.ReadBytes(tensor.Name),
            output.AsSpan((int)(header.DataOffset + tensor.Begin), (int)tensor.ByteLength).ToArray()));
        var path = Path.Combine(Path.GetTempPath(), $"qf-rewrite-{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, output);
        try
        {
            using var rewritten = SafetensorsFile.Open(path);
            Assert.True(Rewrite(rewritten).AsSpan().SequenceEqual(output)); // the writer's own layout is a fixed point
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Rewrite(SafetensorsFile source)
    {
        var writer = new SafetensorsWriter();
        foreach (var (key, value) in source.Metadata)
        {
            writer.Metadata[key] = value;
        }

        foreach (var tensor in source.Tensors.Reverse())
        {
            writer.AddFrom(source, tensor);
        }

        using var output = new MemoryStream();
        writer.WriteTo(output);
        return output.ToArray();
    }

    [Fact]
    public void An_edit_changes_only_the_replaced_tensor_and_keeps_every_other_byte()
    {
        var basePath = SharedData.Reference("clip-text", "text_encoder", "model.safetensors");
        using var source = SafetensorsFile.Open(basePath);
        using var expected = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        writer.Metadata["quickfix.method"] = "diff-quickfix";
        foreach (var tensor in source.Tensors.Where(tensor => tensor.Name != OutProj))
        {
            writer.AddFrom(source, tensor);
        }

        writer.Add(OutProj, SafetensorsDType.F32, [128, 128], expected.ReadBytes(OutProj));
        using var output = new MemoryStream();
        writer.WriteTo(output);
        var edited = SafetensorsBytes.Parse(output.ToArray());

        var baseBytes = File.ReadAllBytes(basePath);
        var editedBytes = output.ToArray();
        Assert.Equal(source.Tensors.Select(tensor => (tensor.Name, tensor.Begin, tensor.End)), edited.Tensors.Select(tensor => (tensor.Name, tensor.Begin, tensor.End)));
        var differing = Enumerable.Range(0, editedBytes.Length - (int)edited.DataOffset)
            .Where(i => baseBytes[source.DataOffset + i] != editedBytes[edited.DataOffset + i])
            .ToList();
        var outProj = edited.Tensor(OutProj);
        Assert.NotEmpty(differing);
        Assert.All(differing, i => Assert.InRange(i, outProj.Begin, outProj.End - 1));
        Assert.Equal(expected.ReadBytes(OutProj), editedBytes.AsSpan((int)(edited.DataOffset + outProj.Begin), (int)outProj.ByteLength).ToArray());
        Assert.Equal("diff-quickfix", edited.Metadata["quickfix.method"]);
    }

    // Whole code points, some that JSON must escape, some multi-byte in UTF-8 (a lone surrogate is no valid name).
    private static Gen<string> Text(int minParts, int maxParts) =>
        Gen.OneOf("a", "B", "0", ".", "_", "\"", "\\", "\n", "\u0001", "/", "<", "é", "€", "😀").Array[minParts, maxParts].Select(string.Concat);

    private static readonly SafetensorsDType[] ByteSizedDTypes =
        Enum.GetValues<SafetensorsDType>().Where(dtype => dtype.BitSize() % 8 == 0).ToArray();

    private static readonly Gen<(string Name, SafetensorsDType DType, long[] Shape)> TensorGen =
        from name in Text(1, 6)
        from dtype in Gen.OneOf(ByteSizedDTypes)
        from shape in Gen.Long[0, 5].Array[0, 3]
        select (name, dtype, shape);

    [Fact]
    public void Round_trips_any_set_of_tensors_and_metadata()
    {
        Gen.Select(TensorGen.Array[0, 8], Gen.Dictionary(Text(0, 4), Text(0, 8))[0, 4], Gen.Int)
            .Sample(sample =>
            {
                var (specs, metadata, seed) = sample;
                var unique = specs.DistinctBy(spec => spec.Name).ToList();
                var random = new Random(seed);
                var writer = new SafetensorsWriter();
                var data = new Dictionary<string, byte[]>();
                foreach (var (name, dtype, shape) in unique)
                {
                    var bytes = new byte[shape.Aggregate(1L, (count, dimension) => count * dimension) * dtype.BitSize() / 8];
                    random.NextBytes(bytes);
                    data[name] = bytes;
                    writer.Add(name, dtype, shape, bytes);
                }

                foreach (var (key, value) in metadata)
                {
                    writer.Metadata[key] = value;
                }

                using var output = new MemoryStream();
                writer.WriteTo(output);
                var file = output.ToArray();
                var header = SafetensorsBytes.Parse(file);

                Assert.Equal(0, (8 + header.HeaderLength) % 8);
                Assert.Equal(metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal), header.Metadata.OrderBy(pair => pair.Key, StringComparer.Ordinal));
                Assert.Equal(unique.Select(spec => spec.Name).Order(StringComparer.Ordinal), header.Tensors.Select(tensor => tensor.Name).Order(StringComparer.Ordinal));
                foreach (var (name, dtype, shape) in unique)
                {
                    var tensor = header.Tensor(name);
                    Assert.Equal(dtype, tensor.DType);
                    Assert.Equal(shape, tensor.Shape);
                    Assert.Equal(0, (header.DataOffset + tensor.Begin) % (dtype.BitSize() / 8)); // every tensor aligned
                    Assert.Equal(data[name], file.AsSpan((int)(header.DataOffset + tensor.Begin), (int)tensor.ByteLength).ToArray());
                }
            }, iter: 300);
    }

    [Fact]
    public void Lays_out_tensors_by_descending_dtype_alignment_then_name_as_the_crate_does()
    {
        var writer = new SafetensorsWriter();
        writer.Add("b", SafetensorsDType.U8, [1], new byte[1]);
        writer.Add("a", SafetensorsDType.F16, [1], new byte[2]);
        writer.Add("B", SafetensorsDType.F64, [], new byte[8]);
        writer.Add("c", SafetensorsDType.I64, [1], new byte[8]);
        writer.Add("z", SafetensorsDType.F32, [1], new byte[4]);
        using var output = new MemoryStream();

        writer.WriteTo(output);

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray(), 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(output.ToArray()));
        const string Json =
            "{\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]},\"B\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
            + "\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]},\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[20,22]},"
            + "\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[22,23]}}";
        Assert.Equal(Json.Length + 1, text.Length); // 8 + N = 8 + 271 + 1 space is a multiple of 8
        Assert.Equal(Json + " ", text);
    }

    [Fact]
    public void Rejects_bad_tensors_when_they_are_added()
    {
        var writer = new SafetensorsWriter();
        writer.Add("a", SafetensorsDType.F32, [2], new byte[8]);

        Assert.Throws<ArgumentException>(() => writer.Add("a", SafetensorsDType.F32, [2], new byte[8]));
        Assert.Throws<ArgumentException>(() => writer.Add("b", SafetensorsDType.F32, [2], new byte[7]));
        Assert.Throws<ArgumentException>(() => writer.Add("__metadata__", SafetensorsDType.U8, [0], Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => writer.Add("c", SafetensorsDType.F4, [3], new byte[1]));
        Assert.Throws<ArgumentException>(() => writer.Add("\ud800", SafetensorsDType.U8, [0], Array.Empty<byte>()));
        Assert.Equal(1, writer.Count);
        writer.Metadata["x"] = "\udc00";
        Assert.Throws<ArgumentException>(() => writer.WriteTo(Stream.Null));
    }

    [Fact]
    public void Streams_a_produced_tensor_and_checks_its_length()
    {
        var writer = new SafetensorsWriter();
        writer.Add("ramp", SafetensorsDType.U8, [2, 3], stream => stream.Write([0, 1, 2, 3, 4, 5]));
        using var output = new MemoryStream();

        writer.WriteTo(output);

        var header = SafetensorsBytes.Parse(output.ToArray());
        Assert.Equal([0, 1, 2, 3, 4, 5], output.ToArray().AsSpan((int)header.DataOffset).ToArray());
        var short_ = new SafetensorsWriter();
        short_.Add("ramp", SafetensorsDType.U8, [2, 3], stream => stream.Write([0, 1, 2]));
        Assert.Throws<InvalidOperationException>(() => short_.WriteTo(Stream.Null));
    }

    [Fact]
    public void Writes_a_file_in_place_of_its_own_source_and_returns_its_hashes()
    {
        var directory = Directory.CreateTempSubdirectory("qf-writer-");
        try
        {
            var path = Path.Combine(directory.FullName, "model.safetensors");
            File.Copy(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"), path);
            FileHashes hashes;
            byte[] w0;
            using (var source = SafetensorsFile.Open(path))
            {
                w0 = source.ReadBytes("w0");
                var writer = new SafetensorsWriter();
                writer.Metadata["format"] = "pt";
                writer.AddFrom(source, source["b0"]);
                writer.AddFrom(source, source["w0"], OutProj);
                hashes = writer.WriteFile(path);
            }

            using var written = SafetensorsFile.Open(path);
            Assert.Equal(["b0", OutProj], written.Tensors.Select(tensor => tensor.Name));
            Assert.Equal(w0, written.ReadBytes(OutProj));
            Assert.Equal(hashes, CheckpointHasher.HashFile(path, written.DataOffset));
            Assert.Equal(new FileInfo(path).Length, hashes.Size);
            Assert.Single(directory.GetFiles()); // no temporary file left behind
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void A_cancelled_write_leaves_the_previous_file_intact()
    {
        var directory = Directory.CreateTempSubdirectory("qf-writer-");
        try
        {
            var path = Path.Combine(directory.FullName, "out.safetensors");
            File.WriteAllText(path, "previous");
            var writer = new SafetensorsWriter();
            writer.Add("a", SafetensorsDType.U8, [3], new byte[3]);

            Assert.ThrowsAny<OperationCanceledException>(() => writer.WriteFile(path, new CancellationToken(canceled: true)));

            Assert.Equal("previous", File.ReadAllText(path));
            Assert.Single(directory.GetFiles());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
