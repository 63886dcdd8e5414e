using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using QuickFix.Tests.Text;
using QuickFix.Text;

namespace QuickFix.Tests.Checkpoints.Synthesis;

public sealed class CheckpointSynthesizerLayoutTests
{
    public static TheoryData<ModelFamily, CheckpointLayout, TensorDType> Cases => new()
    {
        { ModelFamily.SD15, CheckpointLayout.Diffusers, TensorDType.F32 },
        { ModelFamily.SD15, CheckpointLayout.SingleFile, TensorDType.F32 },
        { ModelFamily.SD21, CheckpointLayout.Diffusers, TensorDType.F32 },
        { ModelFamily.SD21, CheckpointLayout.SingleFile, TensorDType.F32 },
        { ModelFamily.SDXL, CheckpointLayout.Diffusers, TensorDType.F32 },
        { ModelFamily.SDXL, CheckpointLayout.SingleFile, TensorDType.F32 },
        { ModelFamily.SD15, CheckpointLayout.Diffusers, TensorDType.F16 },
        { ModelFamily.SDXL, CheckpointLayout.SingleFile, TensorDType.BF16 },
        { ModelFamily.SD21, CheckpointLayout.Diffusers, TensorDType.BF16 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Writes_the_tensors_and_files_of_the_inventory_exactly(ModelFamily family, CheckpointLayout layout, TensorDType dtype)
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, family, layout, dtype, seed: 7);

        var inventory = CheckpointInventory.Create(family, ModelSize.Tiny, layout, dtype, result.TextVocabularySize);
        var expectedWeights = inventory.Files.ToDictionary(
            f => layout == CheckpointLayout.Diffusers ? SynthesisPaths.DiffusersVariantPath(f.RelativePath, dtype) : "model.safetensors",
            StringComparer.Ordinal);
        Assert.Equal(expectedWeights.Keys.Order(StringComparer.Ordinal), result.Files.Where(f => f.IsWeights).Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        foreach (var (relativePath, expected) in expectedWeights)
        {
            using var file = SafetensorsFile.Open(Path.Combine(SynthesizedCheckpoint.Root(result), relativePath));
            Assert.Equal(
                expected.Tensors.Select(t => $"{t.Name} {t.DType} {t.Shape}").Order(StringComparer.Ordinal),
                file.Tensors.Select(t => $"{t.Name} {t.DType} [{string.Join(", ", t.Shape)}]").Order(StringComparer.Ordinal));
            Assert.Equal(
                new Dictionary<string, string>
                {
                    ["format"] = "pt",
                    ["quickfix.synth.family"] = family.ToString().ToLowerInvariant(),
                    ["quickfix.synth.size"] = "tiny",
                    ["quickfix.synth.seed"] = "7",
                    ["quickfix.synth.dtype"] = dtype.ToString().ToLowerInvariant(),
                    ["quickfix.version"] = file.Metadata["quickfix.version"],
                },
                file.Metadata);
            Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", file.Metadata["quickfix.version"]); // no +commit build metadata
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Lists_every_file_it_wrote_with_its_size_and_hashes(ModelFamily family, CheckpointLayout layout, TensorDType dtype)
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, family, layout, dtype);

        var root = SynthesizedCheckpoint.Root(result);
        Assert.Equal(SynthesizedCheckpoint.FilesUnder(root), result.Files.Select(f => f.RelativePath).Order(StringComparer.Ordinal));
        Assert.All(result.Files, file =>
        {
            var path = Path.Combine(root, file.RelativePath);
            long dataOffset = 0;
            if (file.IsWeights)
            {
                using var opened = SafetensorsFile.Open(path);
                dataOffset = opened.DataOffset;
            }

            Assert.Equal(CheckpointHasher.HashFile(path, dataOffset), file.Hashes);
        });
    }

    [Theory]
    [InlineData(ModelFamily.SD15)]
    [InlineData(ModelFamily.SD21)]
    [InlineData(ModelFamily.SDXL)]
    public void Diffusers_configs_are_the_inventory_s_and_text_configs_carry_the_tokenizer_s_ids(ModelFamily family)
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, family, CheckpointLayout.Diffusers);

        var inventory = CheckpointInventory.Create(family, ModelSize.Tiny, CheckpointLayout.Diffusers, TensorDType.F32, result.TextVocabularySize);
        var encoders = family == ModelFamily.SDXL ? 2 : 1;
        foreach (var config in inventory.ConfigFiles)
        {
            var written = File.ReadAllText(Path.Combine(result.OutputPath, config.RelativePath));
            using var document = JsonDocument.Parse(written);
            if (!config.RelativePath.StartsWith("text_encoder", StringComparison.Ordinal))
            {
                Assert.Equal(config.Json, written);
                continue;
            }

            var encoder = config.RelativePath.StartsWith("text_encoder_2/", StringComparison.Ordinal) ? 1 : 0;
            var tokenizer = ClipTokenizer.FromDirectory(Path.Combine(result.OutputPath, encoder == 0 ? "tokenizer" : "tokenizer_2"));
            var root = document.RootElement;
            Assert.Equal(tokenizer.BeginOfTextId, root.GetProperty("bos_token_id").GetInt32());
            Assert.Equal(tokenizer.EndOfTextId, root.GetProperty("eos_token_id").GetInt32());
            Assert.Equal(tokenizer.PadId, root.GetProperty("pad_token_id").GetInt32());
            Assert.Equal(tokenizer.VocabularySize, root.GetProperty("vocab_size").GetInt32());
            Assert.Equal(result.TextVocabularySize, tokenizer.VocabularySize);
            encoders--;
        }

        Assert.Equal(0, encoders);
    }

    [Theory]
    [InlineData(ModelFamily.SD15, CheckpointLayout.Diffusers, new[] { PaddingStyle.EndOfText })]
    [InlineData(ModelFamily.SD15, CheckpointLayout.SingleFile, new[] { PaddingStyle.EndOfText })]
    [InlineData(ModelFamily.SD21, CheckpointLayout.Diffusers, new[] { PaddingStyle.Zero })]
    [InlineData(ModelFamily.SD21, CheckpointLayout.SingleFile, new[] { PaddingStyle.Zero })]
    [InlineData(ModelFamily.SDXL, CheckpointLayout.Diffusers, new[] { PaddingStyle.EndOfText, PaddingStyle.Zero })]
    [InlineData(ModelFamily.SDXL, CheckpointLayout.SingleFile, new[] { PaddingStyle.EndOfText, PaddingStyle.Zero })]
    public void Each_text_encoder_gets_a_tiny_tokenizer_padded_as_its_family_pads(ModelFamily family, CheckpointLayout layout, PaddingStyle[] paddings)
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, family, layout);

        string[] folders = layout == CheckpointLayout.Diffusers
            ? ["tokenizer", "tokenizer_2"]
            : [SynthesisPaths.TokenizerSidecarDirectory(result.OutputPath, 0), SynthesisPaths.TokenizerSidecarDirectory(result.OutputPath, 1)];
        Assert.Equal(SynthesisTokenizerKind.Tiny, result.Tokenizer);
        for (var i = 0; i < folders.Length; i++)
        {
            var folder = Path.Combine(SynthesizedCheckpoint.Root(result), folders[i]);
            Assert.Equal(i < paddings.Length, Directory.Exists(folder));
            if (i >= paddings.Length)
            {
                continue;
            }

            var tokenizer = ClipTokenizer.FromDirectory(folder);
            Assert.Equal(paddings[i], tokenizer.Padding);
            Assert.Equal(983, tokenizer.VocabularySize); // TinyVocabularyBuilder's default vocabulary
            Assert.Equal((981, 982), (tokenizer.BeginOfTextId, tokenizer.EndOfTextId));
            Assert.Equal(paddings[i] == PaddingStyle.Zero ? 0 : 982, tokenizer.PadId);
            Assert.Equal([981, .. tokenizer.Encode("a photo of a cat").Skip(1).SkipLast(1), 982], tokenizer.Encode("a photo of a cat"));
        }
    }

    [Fact]
    public void Single_file_sidecars_are_named_after_the_file()
    {
        Assert.Equal(Path.Combine("out", "sd15.tokenizer"), SynthesisPaths.TokenizerSidecarDirectory(Path.Combine("out", "sd15.safetensors")));
        Assert.Equal(Path.Combine("out", "sd.xl.tokenizer_2"), SynthesisPaths.TokenizerSidecarDirectory(Path.Combine("out", "sd.xl.safetensors"), 1));
        Assert.Equal("unet/diffusion_pytorch_model.fp16.safetensors", SynthesisPaths.DiffusersVariantPath(DiffusersFiles.UNet, TensorDType.F16));
        Assert.Equal("text_encoder/model.bf16.safetensors", SynthesisPaths.DiffusersVariantPath(DiffusersFiles.TextEncoder, TensorDType.BF16));
        Assert.Equal(DiffusersFiles.Vae, SynthesisPaths.DiffusersVariantPath(DiffusersFiles.Vae, TensorDType.F32));
    }

    [Fact]
    public void A_copied_tokenizer_keeps_the_clip_vocabulary_and_sizes_the_tiny_text_embedding_by_it()
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, ModelFamily.SDXL, CheckpointLayout.SingleFile, TensorDType.F16,
            tokenizer: SharedData.ClipTokenizerDirectory);

        Assert.Equal(SynthesisTokenizerKind.Copied, result.Tokenizer);
        Assert.Equal(49408, result.TextVocabularySize);
        var first = ClipTokenizer.FromDirectory(SynthesisPaths.TokenizerSidecarDirectory(result.OutputPath, 0));
        var second = ClipTokenizer.FromDirectory(SynthesisPaths.TokenizerSidecarDirectory(result.OutputPath, 1));
        Assert.Equal((49406, 49407, 49407, PaddingStyle.EndOfText), (first.BeginOfTextId, first.EndOfTextId, first.PadId, first.Padding));
        Assert.Equal((49406, 49407, 0, PaddingStyle.Zero), (second.BeginOfTextId, second.EndOfTextId, second.PadId, second.Padding));
        Assert.Equal(File.ReadAllBytes(Path.Combine(SharedData.ClipTokenizerDirectory, "vocab.json")),
            File.ReadAllBytes(Path.Combine(SynthesisPaths.TokenizerSidecarDirectory(result.OutputPath, 1), "vocab.json")));
        using var file = SafetensorsFile.Open(result.OutputPath);
        Assert.Equal([49408L, 64], file["conditioner.embedders.0.transformer.text_model.embeddings.token_embedding.weight"].Shape);
        Assert.Equal([49408L, 128], file["conditioner.embedders.1.model.token_embedding.weight"].Shape);
    }
}
