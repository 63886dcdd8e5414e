using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Models.Clip;
using QuickFix.Sampling;
using QuickFix.Tests.Baking;

namespace QuickFix.Tests.Sampling;

/// <summary>SDXL: the second encoder's pooled embedding and the time ids reach the UNet.</summary>
public sealed class SdxlGenerationTests
{
    [Fact]
    public void The_conditioner_gives_SDXL_a_pooled_embedding_per_prompt_and_SD15_none()
    {
        using var sdxl = Checkpoint.Open(TinyModels.Get(ModelFamily.SDXL, CheckpointLayout.Diffusers));
        using var conditioner = TextConditioner.Load(sdxl);
        var encoded = conditioner.Encode(["a photo of a cat", "snoopy"]);

        var projection = sdxl.TextEncoders[1].Config.ProjectionDim;
        Assert.All(encoded, e => Assert.Equal(projection, e.Pooled!.Length));
        Assert.NotEqual(encoded[0].Pooled, encoded[1].Pooled);
        Assert.All(encoded[0].Pooled!, v => Assert.True(float.IsFinite(v)));

        using var sd15 = Checkpoint.Open(TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers));
        using var plain = TextConditioner.Load(sd15);
        Assert.Null(plain.Encode(["a photo of a cat"])[0].Pooled);
    }

    /// <summary>
    /// Both layouts load the same weights, so the images agree; not to the bit, because libtorch's float32 kernels
    /// (oneMKL/oneDNN) may pick a different summation order from run to run, which an 8-bit pixel shows now and then
    /// as a difference of one. Another prompt changes the image far beyond that.
    /// </summary>
    [Fact]
    public void A_tiny_SDXL_model_generates_the_same_image_from_both_layouts_and_the_prompt_matters()
    {
        var request = new GenerationRequest(["a photo of a cat"]) { Seed = 3, Steps = 2, Width = 32, Height = 32 };
        byte[] Generate(CheckpointLayout layout, GenerationRequest r)
        {
            using var checkpoint = Checkpoint.Open(TinyModels.Get(ModelFamily.SDXL, layout));
            using var pipeline = TextToImagePipeline.Load(checkpoint);
            var image = pipeline.Generate(r).Images.Single().Image;
            Assert.Equal((32, 32), (image.Width, image.Height));
            return image.Pixels.ToArray();
        }

        static (int Largest, double Mean) Difference(byte[] a, byte[] b)
        {
            var differences = a.Zip(b, (x, y) => Math.Abs(x - y)).ToArray();
            return (differences.Max(), differences.Average());
        }

        var folder = Generate(CheckpointLayout.Diffusers, request);
        var (largest, mean) = Difference(folder, Generate(CheckpointLayout.SingleFile, request));
        Assert.InRange(largest, 0, 2);
        Assert.InRange(mean, 0, 0.05);
        Assert.InRange(Difference(folder, Generate(CheckpointLayout.Diffusers, request with { Prompts = ["snoopy"] })).Mean, 2, 255);
    }
}
