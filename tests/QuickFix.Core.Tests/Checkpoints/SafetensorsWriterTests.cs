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
    [InlineData("diffquickfix", "expected_biasfree.safetensors")]
    [InlineData("ldm-tiny", "expected.safetensors")]
    public void Rewriting_a_reference_file_reproduces_it_byte_for_byte(params string[] parts)
    {
        // The fixtures come from an independent writer with the crate's layout (README "All .safetensors files").
        var path = SharedData.Reference(parts);
        using var source = SafetensorsFile.Open(path);
        var writer = new SafetensorsWriter();
        foreach (var (key, value) in source.Header.Metadata)
        {
            writer.SetMetadata(key, value);
        }

        foreach (var tensor in source.Tensors.Reverse())
        {
            writer.CopyTensor(source, tensor.Name);
        }

        using var output = new MemoryStream();
        writer.WriteTo(output);

        Assert.True(File.ReadAllBytes(path).AsSpan().SequenceEqual(output.ToArray()));
    }

    [Fact]
    public void An_edit_changes_only_the_replaced_tensor_and_keeps_every_other_byte()
    {
        var basePath = SharedData.Reference("clip-text", "text_encoder", "model.safetensors");
        using var source = SafetensorsFile.Open(basePath);
        using var expected = SafetensorsFile.Open(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"));
        var writer = new SafetensorsWriter();
        writer.SetMetadata("format", "pt");
        writer.SetMetadata("quickfix.method", "diff-quickfix");
        foreach (var tensor in source.Tensors.Where(tensor => tensor.Name != OutProj))
        {
            writer.CopyTensor(source, tensor.Name);
        }

        writer.AddTensor(OutProj, SafetensorsDType.F32, [128, 128], expected.ReadTensorBytes(OutProj));
        using var output = new MemoryStream();
        writer.WriteTo(output);
        output.Position = 0;
        var edited = SafetensorsHeader.Read(output);

        var baseBytes = File.ReadAllBytes(basePath);
        var editedBytes = output.ToArray();
        Assert.Equal(source.Tensors.Select(tensor => (tensor.Name, tensor.DataBegin, tensor.DataEnd)), edited.Tensors.Select(tensor => (tensor.Name, tensor.DataBegin, tensor.DataEnd)));
        var differing = Enumerable.Range(0, editedBytes.Length - (int)edited.DataOffset)
            .Where(i => baseBytes[source.Header.DataOffset + i] != editedBytes[edited.DataOffset + i])
            .ToList();
        var outProj = edited.GetTensor(OutProj);
        Assert.NotEmpty(differing);
        Assert.All(differing, i => Assert.InRange(i, outProj.DataBegin, outProj.DataEnd - 1));
        Assert.Equal(expected.ReadTensorBytes(OutProj), editedBytes.AsSpan((int)(edited.DataOffset + outProj.DataBegin), (int)outProj.ByteLength).ToArray());
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
                    writer.AddTensor(name, dtype, shape, bytes);
                }

                foreach (var (key, value) in metadata)
                {
                    writer.SetMetadata(key, value);
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
                    var tensor = header.GetTensor(name);
                    Assert.Equal(dtype, tensor.DType);
                    Assert.Equal(shape, tensor.Shape.ToArray());
                    Assert.Equal(0, (header.DataOffset + tensor.DataBegin) % (dtype.BitSize() / 8)); // every tensor aligned
                    Assert.Equal(data[name], file.AsSpan((int)(header.DataOffset + tensor.DataBegin), (int)tensor.ByteLength).ToArray());
                }
            }, iter: 300);
    }

    [Fact]
    public void Lays_out_tensors_by_descending_element_size_then_name()
    {
        var writer = new SafetensorsWriter();
        writer.AddTensor("b", SafetensorsDType.U8, [1], new byte[1]);
        writer.AddTensor("a", SafetensorsDType.F16, [1], new byte[2]);
        writer.AddTensor("c", SafetensorsDType.I64, [1], new byte[8]);
        writer.AddTensor("B", SafetensorsDType.F64, [], new byte[8]);
        writer.AddTensor("z", SafetensorsDType.F32, [1], new byte[4]);
        using var output = new MemoryStream();

        writer.WriteTo(output);

        var text = System.Text.Encoding.UTF8.GetString(output.ToArray(), 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(output.ToArray()));
        const string Json =
            "{\"B\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},\"c\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[8,16]},"
            + "\"z\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[16,20]},\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[20,22]},"
            + "\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[22,23]}}";
        Assert.Equal(Json.Length + 1, text.Length); // 8 + N = 8 + 327 + 1 space is a multiple of 8
        Assert.Equal(Json + " ", text);
    }

    [Fact]
    public void Rejects_bad_tensors_when_they_are_added()
    {
        var writer = new SafetensorsWriter();
        writer.AddTensor("a", SafetensorsDType.F32, [2], new byte[8]);

        Assert.Throws<ArgumentException>(() => writer.AddTensor("a", SafetensorsDType.F32, [2], new byte[8]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("b", SafetensorsDType.F32, [2], new byte[7]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("__metadata__", SafetensorsDType.U8, [0], Array.Empty<byte>()));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("c", SafetensorsDType.F4, [3], new byte[1]));
        Assert.Throws<ArgumentException>(() => writer.AddTensor("\ud800", SafetensorsDType.U8, [0], Array.Empty<byte>()));
        Assert.Equal(1, writer.Count);
    }

    [Fact]
    public void Writes_a_file_in_place_of_its_own_source_and_returns_its_hashes()
    {
        var directory = Directory.CreateTempSubdirectory("qf-writer-");
        try
        {
            var path = Path.Combine(directory.FullName, "model.safetensors");
            File.Copy(SharedData.Reference("diffquickfix", "expected_biasfree.safetensors"), path);
            CheckpointFileHashes hashes;
            using (var source = SafetensorsFile.Open(path))
            {
                var writer = new SafetensorsWriter();
                writer.SetMetadata("format", "pt");
                writer.CopyTensor(source, "b0");
                writer.CopyTensor(source, "w0", OutProj);
                hashes = writer.WriteFile(path);
            }

            using var written = SafetensorsFile.Open(path);
            Assert.Equal([OutProj, "b0"], written.Tensors.Select(tensor => tensor.Name).Order(StringComparer.Ordinal).Reverse());
            Assert.Equal(hashes, CheckpointHasher.HashFile(path));
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
            writer.AddTensor("a", SafetensorsDType.U8, [3], new byte[3]);

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
