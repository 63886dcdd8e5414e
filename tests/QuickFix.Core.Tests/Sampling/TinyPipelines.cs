using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Sampling;
using QuickFix.Tests.Baking;

namespace QuickFix.Tests.Sampling;

/// <summary>Pipelines over the tiny synthesized SD 1.5 and SD 2.1 diffusers models, loaded once per test class.</summary>
public sealed class TinyPipelines : IDisposable
{
    private readonly Checkpoint sd15Checkpoint = Checkpoint.Open(TinyModels.Get(ModelFamily.SD15, CheckpointLayout.Diffusers));
    private readonly Checkpoint sd21Checkpoint = Checkpoint.Open(TinyModels.Get(ModelFamily.SD21, CheckpointLayout.Diffusers));

    public TinyPipelines()
    {
        Sd15 = TextToImagePipeline.Load(sd15Checkpoint);
        Sd21 = TextToImagePipeline.Load(sd21Checkpoint);
    }

    public TextToImagePipeline Sd15 { get; }

    public TextToImagePipeline Sd21 { get; }

    public void Dispose()
    {
        Sd15.Dispose();
        Sd21.Dispose();
        sd15Checkpoint.Dispose();
        sd21Checkpoint.Dispose();
    }
}
