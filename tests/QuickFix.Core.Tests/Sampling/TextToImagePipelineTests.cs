using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Imaging;
using QuickFix.Sampling;
using QuickFix.Tests.Baking;

namespace QuickFix.Tests.Sampling;

/// <summary>The pipeline on tiny synthesized models: sizes, determinism, seeds, batches, schedulers, given latents, errors.</summary>
public sealed class TextToImagePipelineTests(TinyPipelines pipelines) : IClassFixture<TinyPipelines>
{
    private static readonly GenerationRequest Small = new(["a photo of a cat"]) { Steps = 2, Width = 32, Height = 32, Seed = 7 };

    [Fact]
    public void An_image_has_the_requested_size_and_the_result_describes_the_run()
    {
        var result = pipelines.Sd15.Generate(Small with { Width = 48, Height = 32 });

        var image = Assert.Single(result.Images);
        Assert.Equal((48, 32), (image.Image.Width, image.Image.Height));
        Assert.Equal(("a photo of a cat", (ulong?)7), (image.Prompt, image.Seed));
        Assert.Equal((1, 4, 4, 6), (result.FinalLatents.Count, result.FinalLatents.Channels, result.FinalLatents.Height, result.FinalLatents.Width));
        Assert.Equal([501.0, 1], result.Timesteps); // SD 1.5's scheduler config: leading spacing (1000 // 2), steps_offset 1
        Assert.All(result.FinalLatents.Values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void The_default_size_is_the_unets_sample_size_times_the_vae_factor()
    {
        Assert.Equal(8, pipelines.Sd15.VaeScaleFactor);
        Assert.Equal(64, pipelines.Sd15.DefaultSize); // tiny sample_size 8
        var result = pipelines.Sd15.Generate(Small with { Width = null, Height = null, Steps = 1 });
        Assert.Equal((64, 64), (result.Width, result.Height));
    }

    [Fact]
    public void The_same_seed_gives_the_same_bytes_and_another_seed_another_image()
    {
        var first = Png(pipelines.Sd15.Generate(Small));
        var again = Png(pipelines.Sd15.Generate(Small));
        var other = Png(pipelines.Sd15.Generate(Small with { Seed = 8 }));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Image_i_of_a_batch_is_the_image_of_seed_plus_i_alone()
    {
        var batch = pipelines.Sd15.Generate(Small with { Prompts = ["a photo of a cat", "a painting of a dog"] });
        var second = pipelines.Sd15.Generate(Small with { Prompts = ["a painting of a dog"], Seed = 8 });

        Assert.Equal([7UL, 8UL], batch.Images.Select(i => i.Seed!.Value));
        Assert.Equal(Png(second), PngWriter.Encode(batch.Images[1].Image));
    }

    [Fact]
    public void Guidance_and_the_negative_prompt_change_the_image()
    {
        var baseline = Png(pipelines.Sd15.Generate(Small));

        Assert.NotEqual(baseline, Png(pipelines.Sd15.Generate(Small with { GuidanceScale = 1 })));
        Assert.NotEqual(baseline, Png(pipelines.Sd15.Generate(Small with { NegativePrompt = "blurry" })));
    }

    [Theory]
    [InlineData(SchedulerKind.Ddim)]
    [InlineData(SchedulerKind.EulerDiscrete)]
    [InlineData(SchedulerKind.DpmSolverMultistep)]
    public void Every_scheduler_runs_deterministically_on_sd15_and_the_v_prediction_sd21(SchedulerKind scheduler)
    {
        foreach (var pipeline in new[] { pipelines.Sd15, pipelines.Sd21 })
        {
            var request = Small with { Scheduler = scheduler, Steps = 3 };
            var result = pipeline.Generate(request);

            Assert.Equal(scheduler, result.Scheduler);
            Assert.Equal(3, result.Timesteps.Count);
            Assert.All(result.FinalLatents.Values, v => Assert.True(float.IsFinite(v)));
            Assert.Equal(Png(result), Png(pipeline.Generate(request)));
        }
    }

    [Fact]
    public void Schedulers_give_different_images()
    {
        var images = Enum.GetValues<SchedulerKind>().Select(s => Convert.ToHexString(Png(pipelines.Sd15.Generate(Small with { Scheduler = s, Steps = 3 }))));
        Assert.Equal(3, images.Distinct().Count());
    }

    [Fact]
    public void Latents_written_to_a_file_and_read_back_reproduce_the_seeded_image()
    {
        using var temp = new TemporaryDirectory();
        var noise = new float[4 * 4 * 4];
        LatentNoise.Fill(7, noise);
        var path = temp.File("x_T.safetensors");
        new LatentBatch(1, 4, 4, 4, noise).Write(path);

        var read = LatentBatch.Read(path);
        var fromFile = pipelines.Sd15.Generate(Small with { Width = null, Height = null, Seed = 99, InitialLatents = read });

        Assert.Equal(noise, read.Values);
        Assert.Null(fromFile.Images[0].Seed);
        Assert.Equal((32, 32), (fromFile.Width, fromFile.Height));
        Assert.Equal(Png(pipelines.Sd15.Generate(Small)), Png(fromFile));
    }

    [Fact]
    public void The_seeded_noise_is_standard_normal_and_stable()
    {
        var values = new float[20000];
        LatentNoise.Fill(1234, values);
        var mean = values.Average(v => (double)v);
        var variance = values.Average(v => ((double)v - mean) * ((double)v - mean));

        Assert.InRange(mean, -0.03, 0.03);
        Assert.InRange(variance, 0.96, 1.04);

        // Pinned: a change to the generator changes every snapshot, so it must be deliberate.
        Assert.Equal(values[..3], Fill(1234, 3));
        Assert.NotEqual(values[..3], Fill(1235, 3));
    }

    [Theory]
    [InlineData(30, 32)]
    [InlineData(32, 0)]
    public void A_size_that_is_not_a_multiple_of_the_vae_factor_is_refused(int width, int height)
    {
        var error = Assert.Throws<GenerationException>(() => pipelines.Sd15.Generate(Small with { Width = width, Height = height }));
        Assert.Equal("QF1201", error.Code);
        Assert.Contains("multiples of 8", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Latents_of_another_shape_or_size_are_refused()
    {
        var threeChannels = new LatentBatch(1, 3, 4, 4, new float[48]);
        var fourByFour = new LatentBatch(1, 4, 4, 4, new float[64]);

        Assert.Throws<GenerationException>(() => pipelines.Sd15.Generate(Small with { InitialLatents = threeChannels }));
        var error = Assert.Throws<GenerationException>(() => pipelines.Sd15.Generate(Small with { InitialLatents = fourByFour, Width = 64 }));
        Assert.Contains("32x32", error.Message, StringComparison.Ordinal);
        Assert.Throws<GenerationException>(() => pipelines.Sd15.Generate(Small with { Prompts = [] }));
        Assert.Throws<GenerationException>(() => pipelines.Sd15.Generate(Small with { Steps = 0 }));
    }

    [Fact]
    public void A_latents_file_without_a_usable_tensor_is_refused_naming_the_file()
    {
        using var temp = new TemporaryDirectory();
        var path = temp.File("two.safetensors");
        var writer = new SafetensorsWriter();
        writer.Add("a", SafetensorsDType.F32, [1, 4, 2, 2], new byte[64]);
        writer.Add("b", SafetensorsDType.F32, [4], new byte[16]);
        writer.WriteFile(path);

        var error = Assert.Throws<GenerationException>(() => LatentBatch.Read(path));
        Assert.Equal(path, error.FilePath);
        Assert.Contains("'latents'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Progress_is_reported_per_step_and_cancellation_stops_the_run()
    {
        var reports = new List<GenerationProgress>();
        pipelines.Sd15.Generate(Small with { Steps = 3 }, new SynchronousProgress(reports.Add));

        Assert.Equal([1, 2, 3, 3], reports.Select(r => r.Step));
        Assert.Equal([false, false, false, true], reports.Select(r => r.Decoded));

        using var cancellation = new CancellationTokenSource();
        var seen = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => pipelines.Sd15.Generate(
            Small with { Steps = 5 }, new SynchronousProgress(_ => { seen++; cancellation.Cancel(); }), cancellation.Token));
        Assert.Equal(1, seen);
    }

    [Fact]
    public void A_single_file_samples_with_its_own_alphas_cumprod_buffer_and_a_diffusers_folder_with_its_scheduler_config()
    {
        using var single = Checkpoint.Open(TinyModels.Get(ModelFamily.SD15, CheckpointLayout.SingleFile));
        using var folder = Checkpoint.Open(TinyModels.Get(ModelFamily.SD21, CheckpointLayout.Diffusers));

        var fromFile = NoiseSchedule.Resolve(single);
        var fromFolder = NoiseSchedule.Resolve(folder);

        Assert.Equal(1000, fromFile.AlphasCumprod!.Count);
        Assert.Equal(0.99915, fromFile.AlphasCumprod[0], 5);
        Assert.Contains("alphas_cumprod", fromFile.Source, StringComparison.Ordinal);
        Assert.Null(fromFolder.AlphasCumprod);
        Assert.Equal("v_prediction", fromFolder.Config.PredictionType);
        Assert.EndsWith("scheduler_config.json", fromFolder.Source, StringComparison.Ordinal);
    }

    private static byte[] Png(GenerationResult result) => PngWriter.Encode(Assert.Single(result.Images).Image);

    private static float[] Fill(ulong seed, int count)
    {
        var values = new float[count];
        LatentNoise.Fill(seed, values);
        return values;
    }

    /// <summary>Reports on the calling thread (<see cref="Progress{T}"/> posts to the thread pool).</summary>
    private sealed class SynchronousProgress(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
