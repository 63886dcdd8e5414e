using System.Formats.Tar;
using System.IO.Compression;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Pickle;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary>A <c>.ckpt</c> opened as a checkpoint: the safetensors view of its conversion, and the container errors.</summary>
public sealed class PickleCheckpointViewTests
{
    [Theory]
    [InlineData(CkptFixtures.Zip)]
    [InlineData(CkptFixtures.Legacy)]
    public void A_ckpt_opens_as_a_single_file_sd15_checkpoint_viewing_its_conversion(string fixture)
    {
        using var checkpoint = Checkpoint.Open(CkptFixtures.Path(fixture));

        Assert.Equal(ModelFamily.SD15, checkpoint.Family);
        Assert.Equal(CheckpointLayout.SingleFile, checkpoint.Layout);
        var file = Assert.Single(checkpoint.Files);
        Assert.Equal(fixture, file.RelativePath);
        Assert.True(file.File.IsView);
        Assert.Equal(0, file.File.DataOffset);
        Assert.Equal(new FileInfo(CkptFixtures.Path(fixture)).Length, file.File.FileLength);
        Assert.Equal("cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.out_proj.weight", CheckpointSummary.Of(checkpoint).TextEncoders[0].EditedTensor);
        CkptFixtures.AssertTensorsAsSaved(fixture, file.File);
    }

    [Theory]
    [InlineData(CkptFixtures.Zip, 7)]
    [InlineData(CkptFixtures.Legacy, 4096)]
    public void Reading_the_view_in_any_chunks_gives_the_converted_files_data(string fixture, int chunk)
    {
        using var temp = new TemporaryDirectory();
        CheckpointConverter.Convert(CkptFixtures.Path(fixture), temp.File("c.safetensors"));
        using var converted = SafetensorsFile.Open(temp.File("c.safetensors"));
        var expected = File.ReadAllBytes(temp.File("c.safetensors"))[(int)converted.DataOffset..];
        using var view = PickleCheckpointReader.Open(CkptFixtures.Path(fixture)).File;

        var actual = new byte[expected.Length];
        for (var at = 0; at < actual.Length; at += chunk)
        {
            view.ReadData(at, actual.AsSpan(at, Math.Min(chunk, actual.Length - at)));
        }

        Assert.Equal(converted.Tensors, view.Tensors);
        Assert.True(expected.AsSpan().SequenceEqual(actual));
    }

    [Fact]
    public void A_zip_whose_storages_are_deflated_reads_the_same()
    {
        using var temp = new TemporaryDirectory();
        var path = Rezip(temp, CkptFixtures.Zip, CompressionLevel.Optimal);

        using var view = PickleCheckpointReader.Open(path).File;

        CkptFixtures.AssertTensorsAsSaved(CkptFixtures.Zip, view);
    }

    [Fact]
    public void Big_endian_storages_are_refused()
    {
        using var temp = new TemporaryDirectory();
        var path = Rezip(temp, CkptFixtures.Zip, CompressionLevel.NoCompression, add: ("byteorder", "big"));

        var error = Assert.Throws<PickleCheckpointException>(() => PickleCheckpointReader.Open(path));

        Assert.Equal("QF1404", error.Code);
        Assert.Equal("sd15-tiny-zip/byteorder: the storages are 'big'-endian; only little-endian checkpoints are read", error.Message);
    }

    [Fact]
    public void A_missing_storage_is_named_with_the_tensor_that_needs_it()
    {
        using var temp = new TemporaryDirectory();
        var path = Rezip(temp, CkptFixtures.Zip, CompressionLevel.NoCompression, skip: "sd15-tiny-zip/data/0");

        var error = Assert.Throws<PickleCheckpointException>(() => PickleCheckpointReader.Open(path));

        Assert.Equal("QF1405", error.Code);
        Assert.Equal("the archive has no entry 'sd15-tiny-zip/data/0' for storage '0'", error.Message);
    }

    [Fact]
    public void A_legacy_file_cut_inside_its_storages_is_refused_at_open()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("cut.ckpt");
        var bytes = File.ReadAllBytes(CkptFixtures.Path(CkptFixtures.Legacy));
        File.WriteAllBytes(path, bytes[..^100]);

        var error = Assert.Throws<PickleCheckpointException>(() => PickleCheckpointReader.Open(path));

        Assert.Equal(PickleCheckpointError.MissingStorage, error.Reason);
        Assert.Contains("more than the file holds", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_legacy_file_cut_inside_its_pickle_is_malformed()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("cut.ckpt");
        File.WriteAllBytes(path, File.ReadAllBytes(CkptFixtures.Path(CkptFixtures.Legacy))[..1000]);

        var error = Assert.Throws<PickleCheckpointException>(() => PickleCheckpointReader.Open(path));

        Assert.Equal("QF1403", error.Code);
        Assert.Equal("the data pickle", error.Part);
        Assert.Equal(1000, error.Offset);
    }

    [Fact]
    public void Files_that_are_no_torch_save_checkpoint_are_unknown_containers()
    {
        using var temp = new TemporaryDirectory();
        File.WriteAllBytes(temp.File("text.ckpt"), "not a checkpoint"u8.ToArray());
        using (var zip = ZipFile.Open(temp.File("plain.ckpt"), ZipArchiveMode.Create))
        {
            zip.CreateEntry("readme.txt");
        }

        using (var tar = new TarWriter(File.Create(temp.File("old.ckpt"))))
        {
            tar.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "sys_info"));
        }

        Assert.Contains("expected a zip archive", Refused(temp.File("text.ckpt")), StringComparison.Ordinal);
        Assert.Contains("this zip holds 0", Refused(temp.File("plain.ckpt")), StringComparison.Ordinal);
        Assert.Contains("a tar archive: the format of PyTorch before 0.4", Refused(temp.File("old.ckpt")), StringComparison.Ordinal);

        static string Refused(string path)
        {
            var error = Assert.Throws<PickleCheckpointException>(() => Checkpoint.Open(path));
            Assert.Equal("QF1401", error.Code);
            return error.Message;
        }
    }

    [Fact]
    public void A_bin_file_is_still_refused_as_a_checkpoint()
    {
        using var temp = new TemporaryDirectory();
        File.Copy(CkptFixtures.Path(CkptFixtures.Zip), temp.File("pytorch_model.bin"));

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Open(temp.File("pytorch_model.bin")));

        Assert.Equal("QF0506", error.Code);
        Assert.Contains("quickfix convert", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A copy of a zip fixture with every entry rewritten at <paramref name="level"/>, one left out or one added.</summary>
    private static string Rezip(TemporaryDirectory temp, string fixture, CompressionLevel level, (string Name, string Text)? add = null, string? skip = null)
    {
        var path = temp.File(fixture);
        using var source = ZipFile.OpenRead(CkptFixtures.Path(fixture));
        using var target = ZipFile.Open(path, ZipArchiveMode.Create);
        var prefix = source.Entries[0].FullName.Split('/')[0];
        foreach (var entry in source.Entries.Where(e => e.FullName != skip))
        {
            using var from = entry.Open();
            using var to = target.CreateEntry(entry.FullName, level).Open();
            from.CopyTo(to);
        }

        if (add is var (name, text))
        {
            using var writer = new StreamWriter(target.CreateEntry($"{prefix}/{name}").Open());
            writer.Write(text);
        }

        return path;
    }
}
