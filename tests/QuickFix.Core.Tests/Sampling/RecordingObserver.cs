using QuickFix.Sampling;
using static TorchSharp.torch;

namespace QuickFix.Tests.Sampling;

/// <summary>Copies every intermediate tensor the pipeline shows it, as float64 arrays.</summary>
internal sealed class RecordingObserver : IDenoisingObserver
{
    public double[] Context { get; private set; } = [];

    public List<double[]> Unconditional { get; } = [];

    public List<double[]> Conditional { get; } = [];

    public List<double[]> Latents { get; } = [];

    public List<double> Timesteps { get; } = [];

    public double[] Decoded { get; private set; } = [];

    public double[] Image { get; private set; } = [];

    public void OnConditioning(Tensor context) => Context = SamplingAssert.Values(context);

    public void OnStep(int index, double timestep, Tensor unconditional, Tensor conditional, Tensor latents)
    {
        Assert.Equal(Timesteps.Count, index);
        Timesteps.Add(timestep);
        Unconditional.Add(SamplingAssert.Values(unconditional));
        Conditional.Add(SamplingAssert.Values(conditional));
        Latents.Add(SamplingAssert.Values(latents));
    }

    public void OnDecoded(Tensor decoded, Tensor image)
    {
        Decoded = SamplingAssert.Values(decoded);
        Image = SamplingAssert.Values(image);
    }
}
