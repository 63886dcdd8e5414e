using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using QuickFix.Tests.Text;

namespace QuickFix.Tests.Checkpoints.Synthesis;

public sealed class SynthesisOutputTests
{
    [Theory]
    [InlineData(CheckpointLayout.Diffusers)]
    [InlineData(CheckpointLayout.SingleFile)]
    public void Cancelling_leaves_no_output_and_no_temporary_files(CheckpointLayout layout)
    {
        using var temp = new TemporaryDirectory();
        using var cancellation = new CancellationTokenSource();
        var options = new SynthesisOptions(ModelFamily.SDXL, ModelSize.Tiny, layout, TensorDType.F32, 1,
            SynthesizedCheckpoint.OutputPath(temp.Path, layout));

        Assert.ThrowsAny<OperationCanceledException>(() =>
            CheckpointSynthesizer.Synthesize(options, new CancelOnReport(cancellation, afterReports: 3), cancellation.Token));

        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Theory]
    [InlineData(CheckpointLayout.Diffusers)]
    [InlineData(CheckpointLayout.SingleFile)]
    public void Cancelling_keeps_the_previous_output_intact(CheckpointLayout layout)
    {
        using var temp = new TemporaryDirectory();
        var previous = SynthesizedCheckpoint.Tiny(temp.Path, ModelFamily.SD15, layout, seed: 1);
        var before = SynthesizedCheckpoint.FilesUnder(temp.Path);
        using var cancellation = new CancellationTokenSource();

        Assert.ThrowsAny<OperationCanceledException>(() => CheckpointSynthesizer.Synthesize(
            new SynthesisOptions(ModelFamily.SD15, ModelSize.Tiny, layout, TensorDType.F32, 2, previous.OutputPath),
            new CancelOnReport(cancellation, afterReports: 10),
            cancellation.Token));

        Assert.Equal(before, SynthesizedCheckpoint.FilesUnder(temp.Path));
        var root = SynthesizedCheckpoint.Root(previous);
        Assert.All(previous.Files, file => Assert.Equal(file.Hashes, Hash(Path.Combine(root, file.RelativePath), file.IsWeights)));
    }

    [Fact]
    public void An_existing_diffusers_folder_is_replaced_whole()
    {
        using var temp = new TemporaryDirectory();
        var output = SynthesizedCheckpoint.OutputPath(temp.Path, CheckpointLayout.Diffusers);
        Directory.CreateDirectory(Path.Combine(output, "unet"));
        File.WriteAllText(Path.Combine(output, "unet", "stale.txt"), "from an earlier run");

        var result = SynthesizedCheckpoint.Tiny(temp.Path, ModelFamily.SD15, CheckpointLayout.Diffusers);

        Assert.Equal(SynthesizedCheckpoint.FilesUnder(output), result.Files.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.Equal(["model"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Rewriting_a_single_file_replaces_its_sidecars_and_drops_a_stale_second_tokenizer()
    {
        using var temp = new TemporaryDirectory();
        SynthesizedCheckpoint.Tiny(temp.Path, ModelFamily.SDXL, CheckpointLayout.SingleFile);
        Assert.True(Directory.Exists(temp.File("model.tokenizer_2")));

        var result = SynthesizedCheckpoint.Tiny(temp.Path, ModelFamily.SD21, CheckpointLayout.SingleFile);

        Assert.Equal(SynthesizedCheckpoint.FilesUnder(temp.Path), result.Files.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.Equal(["model.safetensors", "model.tokenizer"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Output_paths_of_the_wrong_kind_are_refused_before_anything_is_written()
    {
        using var temp = new TemporaryDirectory();
        File.WriteAllText(temp.File("model"), "a file");
        Directory.CreateDirectory(temp.File("folder.safetensors"));

        SynthesisOptions Options(CheckpointLayout layout, string path) => new(ModelFamily.SD15, ModelSize.Tiny, layout, TensorDType.F32, 1, path);
        var folderOverFile = Assert.Throws<SynthesisOutputException>(() => CheckpointSynthesizer.Synthesize(Options(CheckpointLayout.Diffusers, temp.File("model"))));
        var fileOverFolder = Assert.Throws<SynthesisOutputException>(() => CheckpointSynthesizer.Synthesize(Options(CheckpointLayout.SingleFile, temp.File("folder.safetensors"))));
        var wrongExtension = Assert.Throws<SynthesisOutputException>(() => CheckpointSynthesizer.Synthesize(Options(CheckpointLayout.SingleFile, temp.File("model.ckpt"))));

        Assert.All([folderOverFile, fileOverFolder, wrongExtension], e => Assert.Equal("QF0510", e.Code));
        Assert.Equal(temp.File("model.ckpt"), wrongExtension.FilePath);
        Assert.Equal(["folder.safetensors", "model"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName).Order());
        Assert.Throws<ArgumentOutOfRangeException>(() => CheckpointSynthesizer.Synthesize(
            Options(CheckpointLayout.SingleFile, temp.File("x.safetensors")) with { DType = TensorDType.I64 }));
    }

    [Fact]
    public void A_missing_tokenizer_folder_is_a_tokenizer_error_naming_it()
    {
        using var temp = new TemporaryDirectory();
        var missing = temp.File("no-tokenizer");

        var error = Assert.Throws<QuickFix.Text.TokenizerFormatException>(() => CheckpointSynthesizer.Synthesize(
            new SynthesisOptions(ModelFamily.SD15, ModelSize.Tiny, CheckpointLayout.SingleFile, TensorDType.F32, 1, temp.File("m.safetensors"), missing)));

        Assert.Equal(missing, error.FilePath);
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Fact]
    public void Progress_counts_every_tensor_byte_once()
    {
        using var temp = new TemporaryDirectory();
        var reports = new List<SynthesisProgress>();

        var result = CheckpointSynthesizer.Synthesize(
            new SynthesisOptions(ModelFamily.SD15, ModelSize.Tiny, CheckpointLayout.Diffusers, TensorDType.F16, 1, temp.File("m")),
            new Recorder(reports));

        var inventory = CheckpointInventory.Create(ModelFamily.SD15, ModelSize.Tiny, CheckpointLayout.Diffusers, TensorDType.F16, result.TextVocabularySize);
        Assert.Equal(inventory.DataByteCount, reports[^1].BytesWritten);
        Assert.All(reports, r => Assert.Equal(inventory.DataByteCount, r.TotalBytes));
        Assert.Equal(
            inventory.Files.Select(f => SynthesisPaths.DiffusersVariantPath(f.RelativePath, TensorDType.F16)),
            reports.Select(r => r.RelativePath).Distinct());
    }

    private static QuickFix.Checkpoints.FileHashes Hash(string path, bool isWeights)
    {
        long offset = 0;
        if (isWeights)
        {
            using var file = QuickFix.Checkpoints.SafetensorsFile.Open(path);
            offset = file.DataOffset;
        }

        return QuickFix.Checkpoints.CheckpointHasher.HashFile(path, offset);
    }

    /// <summary>Reports synchronously (unlike <see cref="Progress{T}"/>), so that the test controls when cancellation happens.</summary>
    private sealed class CancelOnReport(CancellationTokenSource cancellation, int afterReports) : IProgress<SynthesisProgress>
    {
        private int reports;

        public void Report(SynthesisProgress value)
        {
            if (++reports == afterReports)
            {
                cancellation.Cancel();
            }
        }
    }

    private sealed class Recorder(List<SynthesisProgress> reports) : IProgress<SynthesisProgress>
    {
        public void Report(SynthesisProgress value) => reports.Add(value);
    }
}
