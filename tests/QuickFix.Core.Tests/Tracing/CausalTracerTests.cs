using System.Text.Json;
using QuickFix.Text;
using QuickFix.Tracing;
using TorchSharp;

namespace QuickFix.Tests.Tracing;

/// <summary>Causal tracing on the reference text encoder and on a copy rewired so that the causal state is known.</summary>
public sealed class CausalTracerTests
{
    private const string Prompt = "a painting in the style of van gogh";
    private const string Subject = "van gogh";

    [Fact]
    public void The_only_component_that_carries_the_subject_is_found_and_confirmed()
    {
        using var encoder = TracedEncoder.OnlyLayer0AttentionCarriesTheSubject();

        var report = encoder.Trace(Prompt, Subject, TraceSettings.Default);

        Assert.True(report.CleanScore - report.CorruptedScore > 1e-3, $"the corruption must matter: {report.CorruptedScore}");
        Assert.InRange(report[0, TraceComponent.SelfAttention].Effect!.Value, 0.9, 1.0 + 1e-9);
        for (var l = 0; l < 3; l++)
        {
            // Zero outputs in every run: restoring them changes nothing, to the bit.
            Assert.Equal(0.0, report[l, TraceComponent.Mlp].Effect);
            Assert.Equal(0.0, report[l, TraceComponent.Mlp].EffectStd);
            if (l > 0)
            {
                Assert.Equal(0.0, report[l, TraceComponent.SelfAttention].Effect);
            }

            // The last subject token's own state is all the conditioning lacks.
            Assert.InRange(report[l, TraceComponent.ResidualStream].Effect!.Value, 0.99, 1.0 + 1e-9);
        }

        Assert.True(report.Verdict.Confirmed, report.Verdict.Reason);
        Assert.Equal((0, 1, 6), (report.Verdict.Layer, report.Verdict.Rank, report.Verdict.Candidates));
        var layer1 = report.Settings.VerdictRule.Evaluate(report.Effects, layer: 1);
        Assert.False(layer1.Confirmed);
        Assert.Equal(2, layer1.Rank);
    }

    [Theory]
    [InlineData(RestoreSpan.EveryPosition)]
    [InlineData(RestoreSpan.LastSubjectToken)]
    public void Restoring_the_residual_stream_of_the_last_layer(RestoreSpan restore)
    {
        using var encoder = TracedEncoder.Reference();

        var report = encoder.Trace(Prompt, Subject, TraceSettings.Default with { Restore = restore, Samples = 4 });

        var last = report[report.Layers - 1, TraceComponent.ResidualStream];
        if (restore == RestoreSpan.EveryPosition)
        {
            // Every position clean after the last block: the conditioning is the clean one, bit for bit.
            Assert.Equal(1.0, last.Effect);
            Assert.Equal(0.0, last.EffectStd);
            Assert.Equal(report.CleanScore, last.Score);
            Assert.All(report.Effects.Where(e => e.Component == TraceComponent.ResidualStream), e => Assert.Equal(1.0, e.Effect!.Value, 6));
        }
        else
        {
            // Only the last subject token is clean; the positions after it still read the corrupted subject.
            Assert.InRange(last.Effect!.Value, 0.0, 1.0);
            Assert.NotEqual(1.0, last.Effect);
        }
    }

    [Fact]
    public void Noise_zero_leaves_every_effect_undefined()
    {
        using var encoder = TracedEncoder.Reference();

        var report = encoder.Trace(Prompt, Subject, TraceSettings.Default with { NoiseMultiplier = 0, Samples = 2 });

        Assert.Equal(report.CleanScore, report.CorruptedScore);
        Assert.True(report.EffectsUndefined);
        Assert.All(report.Effects, e => Assert.Null(e.Effect));
        Assert.All(report.Effects, e => Assert.Null(e.EffectStd));
        Assert.False(report.Verdict.Confirmed);
        Assert.Null(report.Verdict.Effect);
        using var json = JsonDocument.Parse(TraceReportJson.Serialize(report));
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("effects")[0].GetProperty("effect").ValueKind);
        Assert.True(json.RootElement.GetProperty("effectsUndefined").GetBoolean());
    }

    [Fact]
    public void The_same_seed_gives_the_same_report_and_another_seed_other_noise()
    {
        using var encoder = TracedEncoder.Reference();
        var settings = TraceSettings.Default with { Samples = 3 };

        var first = TraceReportJson.Serialize(encoder.Trace(Prompt, Subject, settings));
        var again = TraceReportJson.Serialize(encoder.Trace(Prompt, Subject, settings));
        var other = encoder.Trace(Prompt, Subject, settings with { Seed = 2 });

        Assert.Equal(first, again);
        Assert.NotEqual(TraceReportJson.Deserialize(first).CorruptedScore, other.CorruptedScore);
    }

    [Fact]
    public void Sigma_is_the_std_of_the_reference_subjects_embedding_outputs_and_scales_the_noise()
    {
        using var encoder = TracedEncoder.Reference();
        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var subjectEmbeddings = EmbeddingScale.ReferenceSubjects.Select(s =>
        {
            var ids = encoder.Tokenizer.Encode(s).Select(id => (long)id).ToArray();
            return encoder.Model.Embed(torch.tensor(ids, [1, ids.Length]))[0, 1..^1].to(torch.ScalarType.Float64);
        }).ToArray();
        var expected = torch.cat(subjectEmbeddings, 0).std().item<double>();

        var report = encoder.Trace(Prompt, Subject, TraceSettings.Default with { Samples = 1, NoiseMultiplier = 2 });
        var given = encoder.Trace(Prompt, Subject, TraceSettings.Default with { Samples = 1, Sigma = 0.5 });

        Assert.Equal(expected, report.Sigma, 1e-12);
        Assert.Equal(2 * report.Sigma, report.NoiseStd);
        Assert.Equal((0.5, 1.5), (given.Sigma, given.NoiseStd));
    }

    [Fact]
    public void The_report_round_trips_through_json_with_every_number()
    {
        using var encoder = TracedEncoder.Reference();
        var report = encoder.Trace(Prompt, Subject, TraceSettings.Default with { Samples = 2 });

        var json = TraceReportJson.Serialize(report);
        var read = TraceReportJson.Deserialize(json);

        Assert.Equal(json, TraceReportJson.Serialize(read));
        Assert.Equal(report.Effects, read.Effects);
        Assert.Equal(report.Verdict, read.Verdict);
        Assert.Equal(report.Settings, read.Settings);
        Assert.Equal(9, read.Effects.Count);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("self-attention", document.RootElement.GetProperty("effects")[1].GetProperty("component").GetString());
        Assert.Equal(7, document.RootElement.GetProperty("span").GetProperty("first").GetInt32());
    }

    [Theory]
    [InlineData(0, 3.0)]
    [InlineData(10, -1.0)]
    [InlineData(10, double.NaN)]
    public void Unusable_settings_are_refused(int samples, double noise)
    {
        using var encoder = TracedEncoder.Reference();

        var error = Assert.Throws<TraceException>(() => encoder.Trace(Prompt, Subject, TraceSettings.Default with { Samples = samples, NoiseMultiplier = noise }));

        Assert.Equal("QF0803", error.Code);
    }

    [Fact]
    public void The_public_entry_point_traces_a_checkpoint_encoder_and_reports_progress()
    {
        using var checkpoint = QuickFix.Checkpoints.Checkpoint.Open(SharedData.Reference("clip-text"));
        var steps = new List<TraceProgress>();

        var report = CausalTracer.Trace(
            checkpoint.TextEncoders[0], "A photo of Snoopy", "snoopy", TraceSettings.Default with { Samples = 2 }, new SynchronousProgress(steps.Add));

        Assert.Equal(3, report.Layers);
        Assert.Equal((4, 4), (report.Span.First, report.Span.Last));
        Assert.Contains("clip-text", report.Model, StringComparison.Ordinal);
        Assert.Equal([1, 2, 3, 4], steps.Select(s => s.Completed));
        Assert.All(steps, s => Assert.Equal(4, s.Total));
        Assert.Equal(PaddingStyle.EndOfText, checkpoint.TextEncoders[0].Padding);
    }

    private sealed class SynchronousProgress(Action<TraceProgress> report) : IProgress<TraceProgress>
    {
        public void Report(TraceProgress value) => report(value);
    }
}
