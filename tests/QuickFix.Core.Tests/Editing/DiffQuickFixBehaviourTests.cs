using QuickFix.Checkpoints;
using QuickFix.Editing;

namespace QuickFix.Tests.Editing;

/// <summary>Edit-level properties and refusals on the tiny clip-text encoder.</summary>
public sealed class DiffQuickFixBehaviourTests(DiffQuickFixFixture fixture) : IClassFixture<DiffQuickFixFixture>
{
    private const string WeightName = "text_model.encoder.layers.0.self_attn.out_proj.weight";

    [Fact]
    public void An_edit_whose_key_is_its_value_leaves_the_weight_unchanged()
    {
        var result = DiffQuickFix.Compute(fixture.Encoder, [new ConceptEdit("Van Gogh", "Van Gogh")], new EditOptions());

        // v = W₀k for every pair, so W₀ solves W(λI + M2) = λW₀ + M1 exactly; what remains is rounding (cond ≈ 1e6).
        Assert.InRange(result.Metrics.RelativeChange, 0, 1e-9);
        Assert.All(result.Metrics.SubjectTokens, s => Assert.InRange(s.Before, 0, 1e-12));
    }

    [Fact]
    public void Preserve_prompts_add_their_own_outputs_from_the_last_token_through_the_padding()
    {
        var options = new EditOptions { Preserve = ["a photo of a cat", "Claude Monet"] };

        var result = DiffQuickFix.Compute(fixture.Encoder, DiffQuickFixFixture.Edits, options);

        // "a photo of a cat": BOS + 5 tokens + EOS, last token 5, positions 5..76 = 72; "Claude Monet": 2 tokens, 75.
        Assert.Equal(72 + 75, result.Statistics.PreservePairs);
        Assert.Equal(586 + 147, result.Statistics.TotalPairs);
        Assert.Equal([291, 295], result.Statistics.PairsPerEdit);
        Assert.True(result.Metrics.RelativeChange < fixture.BiasFree.Metrics.RelativeChange);
    }

    [Fact]
    public void Without_EOS_each_prompt_pair_gives_one_pair()
    {
        var result = DiffQuickFix.Compute(fixture.Encoder, DiffQuickFixFixture.Edits, new EditOptions { UseEos = false });

        Assert.Equal([4, 4], result.Statistics.PairsPerEdit);
    }

    [Fact]
    public void Lambda_zero_with_fewer_pairs_than_the_width_is_refused()
    {
        var options = new EditOptions { Lambda = 0, UseEos = false, Templates = ["{}"] };

        var error = Assert.Throws<EditException>(() => DiffQuickFix.Compute(fixture.Encoder, DiffQuickFixFixture.Edits, options));

        Assert.Equal("QF0603", error.Code);
        Assert.Equal(WeightName, error.TensorName);
    }

    [Fact]
    public void A_NaN_in_the_original_weight_is_refused_naming_the_tensor()
    {
        var folder = Directory.CreateTempSubdirectory("quickfix-edit-nan-");
        try
        {
            CopyDirectory(SharedData.Reference("clip-text"), folder.FullName);
            var model = Path.Combine(folder.FullName, "text_encoder", "model.safetensors");
            long offset;
            using (var file = SafetensorsFile.Open(model))
            {
                offset = file.DataOffset + file[WeightName].Begin + (4 * 130);
            }

            using (var stream = new FileStream(model, FileMode.Open, FileAccess.Write))
            {
                stream.Position = offset;
                stream.Write(BitConverter.GetBytes(float.NaN));
            }

            using var checkpoint = Checkpoint.Open(folder.FullName);
            var error = Assert.Throws<EditException>(
                () => DiffQuickFix.Compute(checkpoint.TextEncoders.Single(), DiffQuickFixFixture.Edits, new EditOptions()));

            Assert.Equal("QF0602", error.Code);
            Assert.Equal(WeightName, error.TensorName);
            Assert.Contains("element 130", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(-1.0, 0)]
    [InlineData(double.NaN, 0)]
    [InlineData(0.01, 3)]
    [InlineData(0.01, -1)]
    public void Unusable_options_are_refused_with_QF0601(double lambda, int layer)
    {
        var options = new EditOptions { Lambda = lambda, Layer = layer };

        var error = Assert.Throws<EditException>(() => DiffQuickFix.Compute(fixture.Encoder, DiffQuickFixFixture.Edits, options));

        Assert.Equal("QF0601", error.Code);
    }

    [Fact]
    public void Templates_without_a_placeholder_and_empty_edits_are_refused()
    {
        Assert.Equal("QF0601", Assert.Throws<EditException>(
            () => DiffQuickFix.Compute(fixture.Encoder, DiffQuickFixFixture.Edits, new EditOptions { Templates = ["a photo"] })).Code);
        Assert.Equal("QF0601", Assert.Throws<EditException>(
            () => DiffQuickFix.Compute(fixture.Encoder, [], new EditOptions())).Code);
        Assert.Equal("QF0601", Assert.Throws<EditException>(
            () => DiffQuickFix.Compute(fixture.Encoder, [new ConceptEdit(" ", "x")], new EditOptions())).Code);
    }

    [Fact]
    public void Progress_reports_every_stage_in_order()
    {
        var reports = new List<EditProgress>();
        var progress = new SynchronousProgress(reports.Add);

        DiffQuickFix.Compute(fixture.Encoder, DiffQuickFixFixture.Edits, new EditOptions(), progress);

        Assert.Equal(EditStage.EncodingPrompts, reports[0].Stage);
        Assert.Equal(new EditProgress(EditStage.Solving, 1, 1), reports[^1]);
        Assert.Equal(reports.Select(r => r.Stage).Order(), reports.Select(r => r.Stage));
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var directory in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(destination, Path.GetRelativePath(source, directory)));
        }

        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(destination, Path.GetRelativePath(source, file)));
        }
    }

    /// <summary><see cref="Progress{T}"/> posts to a synchronization context; tests need the reports in place.</summary>
    private sealed class SynchronousProgress(Action<EditProgress> report) : IProgress<EditProgress>
    {
        public void Report(EditProgress value) => report(value);
    }
}
