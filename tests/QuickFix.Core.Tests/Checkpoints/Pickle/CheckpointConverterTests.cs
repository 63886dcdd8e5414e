using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Pickle;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary><c>convert</c> on checkpoints PyTorch wrote: every tensor as PyTorch saved it, the metadata, atomic output.</summary>
public sealed class CheckpointConverterTests
{
    [Theory]
    [InlineData(CkptFixtures.Zip)]
    [InlineData(CkptFixtures.Legacy)]
    public void Every_state_dict_tensor_is_written_with_the_bytes_pytorch_saved(string fixture)
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("converted.safetensors");

        var result = CheckpointConverter.Convert(CkptFixtures.Path(fixture), output);

        using var file = SafetensorsFile.Open(output);
        CkptFixtures.AssertTensorsAsSaved(fixture, file);
        var expected = CkptFixtures.Fixture(fixture);
        Assert.Equal(expected.GetProperty("format").GetString(), result.Format);
        Assert.Equal(file.Tensors.Count, result.TensorCount);
        Assert.Equal(expected.GetProperty("dropped").EnumerateArray().Select(d => d.GetString()), result.Dropped);
        Assert.Equal(expected.GetProperty("sha256").GetString(), result.SourceSha256);
        Assert.Equal(CheckpointHasher.HashFile(output, file.DataOffset), result.Output);
    }

    [Theory]
    [InlineData(CkptFixtures.Zip)]
    [InlineData(CkptFixtures.Legacy)]
    public void The_metadata_names_the_source_its_hash_and_its_scalar_entries(string fixture)
    {
        using var temp = new TemporaryDirectory();
        var output = temp.File("converted.safetensors");

        CheckpointConverter.Convert(CkptFixtures.Path(fixture), output);

        using var file = SafetensorsFile.Open(output);
        var expected = new List<KeyValuePair<string, string>>
        {
            new("format", "pt"),
            new("quickfix.source", fixture),
        };
        expected.AddRange(CkptFixtures.Fixture(fixture).GetProperty("metadata").EnumerateObject()
            .Select(p => new KeyValuePair<string, string>("quickfix.source." + p.Name, p.Value.GetString()!)));
        expected.Add(new("quickfix.source.sha256", CkptFixtures.Fixture(fixture).GetProperty("sha256").GetString()!));
        Assert.Equal(
            expected.OrderBy(p => p.Key == "format" ? 0 : 1).ThenBy(p => p.Key, StringComparer.Ordinal),
            file.Metadata);
    }

    [Fact]
    public void Converting_twice_writes_the_same_bytes_in_the_writers_layout()
    {
        using var temp = new TemporaryDirectory();
        var first = CheckpointConverter.Convert(CkptFixtures.Path(CkptFixtures.Zip), temp.File("a.safetensors"));
        var second = CheckpointConverter.Convert(CkptFixtures.Path(CkptFixtures.Zip), temp.File("b.safetensors"));
        Assert.Equal(first.Output, second.Output);

        // The same tensors through SafetensorsWriter give the same file: the view lays tensors out as the writer does.
        using var converted = SafetensorsFile.Open(temp.File("a.safetensors"));
        var writer = new SafetensorsWriter();
        foreach (var (key, value) in converted.Metadata)
        {
            writer.Metadata[key] = value;
        }

        foreach (var tensor in converted.Tensors.Reverse())
        {
            writer.AddFrom(converted, tensor);
        }

        Assert.Equal(first.Output, writer.WriteFile(temp.File("rewritten.safetensors")));
    }

    [Fact]
    public void A_non_safetensors_output_is_refused_before_reading_anything()
    {
        using var temp = new TemporaryDirectory();

        var error = Assert.Throws<PickleCheckpointException>(() => CheckpointConverter.Convert(CkptFixtures.Path(CkptFixtures.Zip), temp.File("out.ckpt")));

        Assert.Equal("QF1407", error.Code);
        Assert.Equal(PickleCheckpointError.InvalidOutput, error.Reason);
        Assert.Equal(temp.File("out.ckpt"), error.FilePath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void A_missing_input_is_not_found()
    {
        using var temp = new TemporaryDirectory();

        var error = Assert.Throws<CheckpointException>(() => CheckpointConverter.Convert(temp.File("none.ckpt"), temp.File("out.safetensors")));

        Assert.Equal("QF0501", error.Code);
    }
}
