using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using QuickFix.Tests.Text;

namespace QuickFix.Tests.Checkpoints.Synthesis;

public sealed class SynthesizedValueTests
{
    [Theory]
    [InlineData(ModelFamily.SD15)]
    [InlineData(ModelFamily.SD21)]
    public void Schedule_buffers_and_bookkeeping_tensors_hold_their_defined_values(ModelFamily family)
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, family, CheckpointLayout.SingleFile, optional: OptionalTensors.All);
        var tensors = SynthesizedCheckpoint.ReadAll(result, "model.safetensors");

        var schedule = LatentDiffusionSchedule.Compute(StableDiffusionConfig.Full(family).Scheduler);
        Assert.Equal(12, schedule.Count);
        foreach (var buffer in schedule)
        {
            Assert.Equal(buffer.Values.Select(v => (double)(float)v), tensors[buffer.Name]);
        }

        Assert.Equal((double)(float)0.9999, Assert.Single(tensors["model_ema.decay"]));
        Assert.Equal(0, Assert.Single(tensors["model_ema.num_updates"]));
        if (family == ModelFamily.SD15)
        {
            Assert.Equal(Enumerable.Range(0, 77).Select(i => (double)i), tensors["cond_stage_model.transformer.text_model.embeddings.position_ids"]);
        }
        else
        {
            Assert.Equal((double)(float)Math.Log(1 / 0.07), Assert.Single(tensors["cond_stage_model.model.logit_scale"]));
        }
    }

    [Fact]
    public void Sdxl_denoiser_sigmas_are_the_schedule_s_and_position_ids_count_up()
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, ModelFamily.SDXL, CheckpointLayout.Diffusers, optional: OptionalTensors.All);
        var sigmas = LatentDiffusionSchedule.DenoiserSigmas(StableDiffusionConfig.Full(ModelFamily.SDXL).Scheduler);

        foreach (var encoder in new[] { "text_encoder/model.safetensors", "text_encoder_2/model.safetensors" })
        {
            Assert.Equal(Enumerable.Range(0, 77).Select(i => (double)i), SynthesizedCheckpoint.ReadAll(result, encoder)["text_model.embeddings.position_ids"]);
        }

        using var temp2 = new TemporaryDirectory();
        var single = SynthesizedCheckpoint.Tiny(temp2.Path, ModelFamily.SDXL, CheckpointLayout.SingleFile, optional: OptionalTensors.All);
        Assert.Equal(sigmas.Select(v => (double)(float)v), SynthesizedCheckpoint.ReadAll(single, "model.safetensors")["denoiser.sigmas"]);
        Assert.Equal(0.029167158, sigmas[0], 1e-8); // sqrt((1 - a0) / a0), a0 = 1 - 0.00085
    }

    [Theory]
    [InlineData(ModelFamily.SD15)]
    [InlineData(ModelFamily.SD21)]
    [InlineData(ModelFamily.SDXL)]
    public void Random_tensors_have_the_scale_of_their_kind(ModelFamily family)
    {
        using var temp = new TemporaryDirectory();
        var result = SynthesizedCheckpoint.Tiny(temp.Path, family, CheckpointLayout.Diffusers, seed: 11);
        var checkedTensors = 0;
        foreach (var file in result.Files.Where(f => f.IsWeights))
        {
            using var opened = SafetensorsFile.Open(Path.Combine(result.OutputPath, file.RelativePath));
            foreach (var tensor in opened.Tensors)
            {
                var values = SynthesizedCheckpoint.Decode(opened, tensor);
                var (expectedMean, expectedStd) = ExpectedMoments(tensor);
                var halfWidth = expectedStd * Math.Sqrt(3);
                Assert.All(values, v => Assert.InRange(v, expectedMean - halfWidth - 1e-6, expectedMean + halfWidth + 1e-6));
                if (values.Length >= 4096)
                {
                    // Sample moments of n uniform draws: the mean within 5 standard errors, the std within 5 %.
                    var mean = values.Average();
                    var std = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
                    Assert.InRange(mean, expectedMean - (5 * expectedStd / Math.Sqrt(values.Length)), expectedMean + (5 * expectedStd / Math.Sqrt(values.Length)));
                    Assert.InRange(std / expectedStd, 0.95, 1.05);
                    checkedTensors++;
                }
            }
        }

        Assert.True(checkedTensors > 20, $"only {checkedTensors} tensors were large enough for moment checks");
    }

    [Theory]
    [InlineData(ModelFamily.SD15)]
    [InlineData(ModelFamily.SD21)]
    [InlineData(ModelFamily.SDXL)]
    public void Both_layouts_hold_the_same_network_for_the_same_seed(ModelFamily family)
    {
        using var temp = new TemporaryDirectory();
        var diffusers = SynthesizedCheckpoint.Tiny(temp.Path, family, CheckpointLayout.Diffusers, seed: 3);
        var single = SynthesizedCheckpoint.Tiny(temp.Path, family, CheckpointLayout.SingleFile, seed: 3);
        var map = CheckpointKeyMap.Create(StableDiffusionConfig.Tiny(family, diffusers.TextVocabularySize));
        using var file = SafetensorsFile.Open(single.OutputPath);
        var fused = 0;
        var transposed = 0;

        foreach (var group in map.Mappings.GroupBy(m => m.DiffusersFile))
        {
            using var component = SafetensorsFile.Open(Path.Combine(diffusers.OutputPath, group.Key));
            foreach (var mapping in group.Where(m => m.OptionalGroup == OptionalTensors.None))
            {
                var expected = SynthesizedCheckpoint.Decode(component, component[mapping.DiffusersName]);
                var stored = SynthesizedCheckpoint.Decode(file, file[mapping.FileName]);
                var rowElements = stored.Length / mapping.FileShape[0];
                var actual = stored.AsSpan((int)(mapping.RowStart * rowElements), expected.Length).ToArray();
                if (mapping.Transform == TensorTransform.Transpose)
                {
                    actual = Transpose(actual, rows: mapping.FileShape[0], columns: mapping.FileShape[1]);
                    transposed++;
                }

                fused += mapping.IsWholeTensor ? 0 : 1;
                Assert.True(expected.AsSpan().SequenceEqual(actual), $"{group.Key} {mapping.DiffusersName} differs from {mapping.FileName}");
            }
        }

        Assert.Equal(family == ModelFamily.SD15 ? 0 : 6 * 2, fused); // q, k, v weights and biases of the two tiny OpenCLIP layers
        Assert.Equal(family == ModelFamily.SDXL ? 1 : 0, transposed);
    }

    private static (double Mean, double Std) ExpectedMoments(TensorInfo tensor)
    {
        var name = tensor.Name;
        if (name.Contains("token_embedding", StringComparison.Ordinal))
        {
            return (0, 0.02);
        }

        if (name.Contains("position_embedding", StringComparison.Ordinal))
        {
            return (0, 0.01);
        }

        if (tensor.Shape.Count == 1)
        {
            return name.EndsWith(".bias", StringComparison.Ordinal) ? (0, 0.01) : (1, 0.02);
        }

        return (0, 1 / Math.Sqrt(tensor.ElementCount / tensor.Shape[0]));
    }

    private static double[] Transpose(double[] values, long rows, long columns)
    {
        var result = new double[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
