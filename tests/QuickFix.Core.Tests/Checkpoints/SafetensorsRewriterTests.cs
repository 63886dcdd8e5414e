using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

public sealed class SafetensorsRewriterTests
{
    private static string WriteSample(TemporaryDirectory temp)
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        writer.Add("a", SafetensorsDType.F32, [2, 3], Enumerable.Range(0, 24).Select(i => (byte)i).ToArray());
        writer.Add("b", SafetensorsDType.F16, [4], Enumerable.Range(100, 8).Select(i => (byte)i).ToArray());
        writer.Add("c", SafetensorsDType.I64, [1], Enumerable.Range(200, 8).Select(i => (byte)i).ToArray());
        var path = temp.File("base.safetensors");
        writer.WriteFile(path);
        return path;
    }

    [Fact]
    public void Replaces_one_tensor_and_keeps_every_other_byte_and_offset()
    {
        using var temp = new TemporaryDirectory();
        using var source = SafetensorsFile.Open(WriteSample(temp));
        var replacement = Enumerable.Repeat((byte)0xAB, 24).ToArray();
        var output = temp.File("edited.safetensors");

        var written = SafetensorsRewriter.Rewrite(
            source, new Dictionary<string, ReadOnlyMemory<byte>> { ["a"] = replacement }, [new("format", "pt"), new("quickfix.edit", "yes")], output);

        using var edited = SafetensorsFile.Open(output);
        Assert.Equal(replacement, edited.ReadBytes("a"));
        Assert.Equal(source.ReadBytes("b"), edited.ReadBytes("b"));
        Assert.Equal(source.ReadBytes("c"), edited.ReadBytes("c"));
        Assert.Equal(source.Tensors.Select(t => (t.Name, t.Begin, t.End)), edited.Tensors.Select(t => (t.Name, t.Begin, t.End)));
        Assert.Equal("yes", edited.Metadata["quickfix.edit"]);
        Assert.Equal(0, edited.DataOffset % 8);
        Assert.Equal(CheckpointHasher.HashFile(output, edited.DataOffset), written.Hashes);
        Assert.Equal(TensorDigests.Of(edited), written.TensorDigests);
        Assert.Equal(["a"], TensorDigests.Differences(TensorDigests.Of(source), written.TensorDigests));
    }

    [Fact]
    public void Without_replacements_the_tensor_bytes_hash_is_unchanged()
    {
        using var temp = new TemporaryDirectory();
        var basePath = WriteSample(temp);
        using var source = SafetensorsFile.Open(basePath);

        var hashes = SafetensorsRewriter.Rewrite(source, new Dictionary<string, ReadOnlyMemory<byte>>(), [new("format", "pt"), new("x", "y")], temp.File("copy.safetensors"));

        Assert.Equal(CheckpointHasher.HashFile(basePath, source.DataOffset).TensorBytesSha256, hashes.Hashes.TensorBytesSha256);
    }

    [Fact]
    public void A_replacement_of_the_wrong_size_or_name_writes_nothing()
    {
        using var temp = new TemporaryDirectory();
        using var source = SafetensorsFile.Open(WriteSample(temp));
        var output = temp.File("edited.safetensors");

        Assert.Throws<ArgumentException>(() => SafetensorsRewriter.Rewrite(
            source, new Dictionary<string, ReadOnlyMemory<byte>> { ["a"] = new byte[4] }, [], output));
        Assert.Throws<ArgumentException>(() => SafetensorsRewriter.Rewrite(
            source, new Dictionary<string, ReadOnlyMemory<byte>> { ["zzz"] = new byte[24] }, [], output));
        Assert.False(File.Exists(output));
        Assert.Single(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_output_and_leaves_no_temporary_file()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("out.bin");
        File.WriteAllText(output, "previous");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write<int>(output, file =>
        {
            file.Write([1, 2, 3]);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("previous", File.ReadAllText(output));
        Assert.Equal([output], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void Leftovers_of_a_killed_write_are_removed_by_the_next_write()
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("out.bin");
        File.WriteAllText(temp.File(".out.bin.0123456789abcdef.tmp"), "half");
        File.SetLastWriteTimeUtc(temp.File(".out.bin.0123456789abcdef.tmp"), DateTime.UtcNow.AddMinutes(-1));
        File.WriteAllText(temp.File(".out.bin.fedcba9876543210.tmp"), "a write that only just began");

        AtomicFile.Write(output, file => { file.Write([7]); return 0; });

        Assert.Equal([temp.File(".out.bin.fedcba9876543210.tmp"), output], Directory.GetFiles(temp.Path).Order(StringComparer.Ordinal));
    }
}
