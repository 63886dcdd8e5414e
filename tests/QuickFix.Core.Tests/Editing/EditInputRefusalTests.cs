using QuickFix.Baking;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Editing;
using QuickFix.Tests.Baking;

namespace QuickFix.Tests.Editing;

/// <summary>
/// Numerics (issue 8, item 4): NaN or infinity in any tensor the edit reads, a dtype it cannot read, a prompt CLIP
/// would cut off. Each is refused with its QF06xx code naming the tensor as the file calls it, and a bake that meets
/// one writes nothing: no new output appears and a previous one stays byte for byte.
/// </summary>
public sealed class EditInputRefusalTests
{
    private const string TokenEmbedding = "text_model.embeddings.token_embedding.weight";
    private const string PositionEmbedding = "text_model.embeddings.position_embedding.weight";
    private const string QProj = "text_model.encoder.layers.0.self_attn.q_proj.weight";
    private const string LayerNorm1 = "text_model.encoder.layers.0.layer_norm1.weight";
    private const string OutProjBias = "text_model.encoder.layers.0.self_attn.out_proj.bias";
    private const string Fc1 = "text_model.encoder.layers.0.mlp.fc1.weight";
    private const string LaterLayer = "text_model.encoder.layers.1.self_attn.q_proj.weight";
    private const string EncoderFile = "text_encoder/model.safetensors";

    // The tiny SD 1.5 encoder's width: a token embedding row holds 64 elements.
    private const long Width = 64;

    private static readonly ConceptEdit[] Edits = [new("Van Gogh", "painting")];

    public static TheoryData<string, long, float, string> NonFiniteWeights => new()
    {
        { PositionEmbedding, 70, float.PositiveInfinity, "holds Infinity at element 70" },
        { QProj, 5, float.NegativeInfinity, "holds -Infinity at element 5" },
        { LayerNorm1, 63, float.NaN, "holds NaN at element 63" },
        { OutProjBias, 0, float.NaN, "holds NaN at element 0" },
    };

    [Theory]
    [MemberData(nameof(NonFiniteWeights))]
    public void A_non_finite_weight_the_edit_reads_is_refused_naming_it(string tensor, long element, float value, string message)
    {
        using var temp = new TemporaryDirectory();
        var model = CopyModel(temp, textSideOnly: true);
        Poke(Path.Combine(model, EncoderFile), tensor, element, value);
        using var checkpoint = Checkpoint.Open(model);

        var error = Assert.Throws<EditException>(() => DiffQuickFix.Compute(checkpoint.TextEncoders.Single(), Edits, new EditOptions()));

        Assert.Equal("QF0602", error.Code);
        Assert.Equal(tensor, error.TensorName);
        Assert.Equal(Path.Combine(model, EncoderFile), error.FilePath);
        Assert.Equal($"{tensor} ('{tensor}' in the file) {message}; nothing was written.", error.Message);
    }

    [Fact]
    public void A_NaN_in_a_token_row_the_prompts_use_is_refused_naming_the_row()
    {
        using var temp = new TemporaryDirectory();
        var model = CopyModel(temp, textSideOnly: true);
        int bos;
        using (var clean = Checkpoint.Open(model))
        {
            bos = clean.TextEncoders.Single().OpenTokenizer().BeginOfTextId; // every prompt starts with it
        }

        Poke(Path.Combine(model, EncoderFile), TokenEmbedding, (bos * Width) + 3, float.NaN);
        using var checkpoint = Checkpoint.Open(model);

        var error = Assert.Throws<EditException>(() => DiffQuickFix.Compute(checkpoint.TextEncoders.Single(), Edits, new EditOptions()));

        Assert.Equal("QF0602", error.Code);
        Assert.Equal(TokenEmbedding, error.TensorName);
        Assert.Contains($"holds NaN at vocabulary row {bos} (a token the prompts use), column 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tensors_the_edit_does_not_read_may_hold_anything()
    {
        using var temp = new TemporaryDirectory();
        var model = CopyModel(temp, textSideOnly: true);
        int unused;
        EditResult clean;
        using (var unbroken = Checkpoint.Open(model))
        {
            var encoder = unbroken.TextEncoders.Single();
            var used = KeyValueCollector.TokensUsed(encoder.OpenTokenizer(), Edits, new EditOptions());
            unused = Enumerable.Range(0, encoder.OpenTokenizer().VocabularySize).Last(id => !used.Contains(id));
            clean = DiffQuickFix.Compute(encoder, Edits, new EditOptions());
        }

        var file = Path.Combine(model, EncoderFile);
        Poke(file, TokenEmbedding, unused * Width, float.NaN); // a vocabulary row no prompt uses
        Poke(file, LaterLayer, 0, float.NaN); // layer 1 is not loaded to edit layer 0
        Poke(file, Fc1, 1000, float.NaN); // nor layer 0's MLP: the keys are the attention's output, before it
        using var checkpoint = Checkpoint.Open(model);

        var result = DiffQuickFix.Compute(checkpoint.TextEncoders.Single(), Edits, new EditOptions());

        Assert.Equal(clean.EncodedWeight.ToArray(), result.EncodedWeight.ToArray());
        Assert.All(result.Weight.ToArray(), value => Assert.True(double.IsFinite(value)));
    }

    public static TheoryData<string, SafetensorsDType> UnreadableDTypes => new()
    {
        { QProj, SafetensorsDType.I32 }, // TorchSharp would convert it to float without a word
        { PositionEmbedding, SafetensorsDType.F8_E4M3 }, // TorchSharp has no such type: it used to escape as NotSupportedException
        { TokenEmbedding, SafetensorsDType.U8 },
    };

    [Theory]
    [MemberData(nameof(UnreadableDTypes))]
    public void A_weight_stored_as_a_dtype_the_edit_cannot_read_is_refused_naming_it(string tensor, SafetensorsDType dtype)
    {
        using var temp = new TemporaryDirectory();
        var model = CopyModel(temp, textSideOnly: true);
        Retype(Path.Combine(model, EncoderFile), tensor, dtype);
        using var checkpoint = Checkpoint.Open(model);

        var error = Assert.Throws<EditException>(() => DiffQuickFix.Compute(checkpoint.TextEncoders.Single(), Edits, new EditOptions()));

        Assert.Equal("QF0604", error.Code);
        Assert.Equal(tensor, error.TensorName);
        Assert.Equal(
            $"{tensor} ('{tensor}') is stored as {dtype.ToName()}; the edit reads weights stored as F64, F32, F16 or BF16 only.",
            error.Message);
    }

    [Fact]
    public void A_prompt_CLIP_would_cut_off_is_refused_rather_than_truncated()
    {
        using var checkpoint = Checkpoint.Open(TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers));
        var encoder = checkpoint.TextEncoders.Single();
        var caption = string.Join(' ', Enumerable.Repeat("cat", 80));
        var tokens = encoder.OpenTokenizer().CountTokens(caption);

        var error = Assert.Throws<EditException>(() => DiffQuickFix.Compute(encoder, [new ConceptEdit("Van Gogh", caption)], new EditOptions()));

        Assert.Equal("QF0601", error.Code);
        Assert.Equal(
            $"Cannot edit text_encoder: edit 0's value with the template '{{}}' is {tokens} CLIP tokens long; at most 75 fit, and a longer prompt would be cut off.",
            error.Message);
        Assert.InRange(tokens, 80, int.MaxValue);
    }

    [Fact]
    public void A_bake_that_meets_a_NaN_leaves_the_previous_output_byte_for_byte()
    {
        using var temp = new TemporaryDirectory();
        var model = CopyModel(temp, textSideOnly: false);
        var output = temp.File("edited");
        var recipe = RecipeBakerTests.WriteRecipe(temp, model, output);
        RecipeBaker.Bake(recipe, new BakeOptions(Trace: false, Images: false));
        var before = HashTree(output);
        Poke(Path.Combine(model, EncoderFile), QProj, 17, float.NaN);

        var error = Assert.Throws<EditException>(() => RecipeBaker.Bake(recipe, new BakeOptions(Trace: false, Images: false)));

        Assert.Equal("QF0602", error.Code);
        Assert.Equal(QProj, error.TensorName);
        Assert.Equal(before, HashTree(output));
        Assert.True(ManifestVerifier.Verify(output).AllOk);
        // No staging or backup folder left behind; the output's lock file stays by design (see OutputLock).
        Assert.Equal([temp.File(".edited.lock")], Directory.GetFileSystemEntries(temp.Path, ".*"));
    }

    public static TheoryData<string, string> Corruptions => new()
    {
        { "nan-token-row", "QF0602" },
        { "inf-position", "QF0602" },
        { "f8-q-proj", "QF0604" },
    };

    [Theory]
    [MemberData(nameof(Corruptions))]
    public void A_bake_that_meets_a_broken_weight_creates_no_output(string corruption, string code)
    {
        using var temp = new TemporaryDirectory();
        var model = CopyModel(temp, textSideOnly: false);
        var file = Path.Combine(model, EncoderFile);
        switch (corruption)
        {
            case "nan-token-row":
                Poke(file, TokenEmbedding, 981 * Width, float.NaN); // the tiny vocabulary's BOS
                break;
            case "inf-position":
                Poke(file, PositionEmbedding, 0, float.PositiveInfinity);
                break;
            default:
                Retype(file, QProj, SafetensorsDType.F8_E4M3);
                break;
        }

        var output = temp.File("edited");
        var entriesBefore = Directory.GetFileSystemEntries(temp.Path).Order(StringComparer.Ordinal).ToArray();

        var error = Assert.ThrowsAny<QuickFixException>(() => RecipeBaker.Bake(RecipeBakerTests.WriteRecipe(temp, model, output), new BakeOptions(Trace: false, Images: false)));

        Assert.Equal(code, error.Code);
        Assert.False(Directory.Exists(output));
        Assert.Equal(entriesBefore.Append(temp.File("edits.yaml")).Distinct().Order(StringComparer.Ordinal), Directory.GetFileSystemEntries(temp.Path).Order(StringComparer.Ordinal));
    }

    /// <summary>A private copy of the tiny SD 1.5 diffusers model (or only its text encoder and tokenizer) to break.</summary>
    private static string CopyModel(TemporaryDirectory temp, bool textSideOnly)
    {
        var source = TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers);
        var target = temp.File("base");
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (textSideOnly && !relative.StartsWith("text_encoder", StringComparison.Ordinal) && !relative.StartsWith("tokenizer", StringComparison.Ordinal))
            {
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(target, relative))!);
            File.Copy(file, Path.Combine(target, relative));
        }

        return target;
    }

    /// <summary>Overwrites element <paramref name="element"/> of an F32 tensor in place.</summary>
    private static void Poke(string path, string tensor, long element, float value)
    {
        long offset;
        using (var file = SafetensorsFile.Open(path))
        {
            Assert.Equal(SafetensorsDType.F32, file[tensor].DType);
            Assert.InRange(element, 0, file[tensor].ElementCount - 1);
            offset = file.DataOffset + file[tensor].Begin + (4 * element);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.Position = offset;
        stream.Write(BitConverter.GetBytes(value));
    }

    /// <summary>Rewrites <paramref name="path"/> with <paramref name="tensor"/> stored as <paramref name="dtype"/> (zeros, same shape).</summary>
    private static void Retype(string path, string tensor, SafetensorsDType dtype)
    {
        using var source = SafetensorsFile.Open(path);
        var writer = new SafetensorsWriter();
        foreach (var (key, value) in source.Metadata)
        {
            writer.Metadata[key] = value;
        }

        foreach (var info in source.Tensors)
        {
            if (info.Name == tensor)
            {
                writer.Add(info.Name, dtype, info.Shape, new byte[info.ElementCount * dtype.BitSize() / 8]);
            }
            else
            {
                writer.AddFrom(source, info);
            }
        }

        writer.WriteFile(path);
    }

    private static Dictionary<string, string> HashTree(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file), file => CheckpointHasher.HashFile(file, 0).Sha256, StringComparer.Ordinal);
}
