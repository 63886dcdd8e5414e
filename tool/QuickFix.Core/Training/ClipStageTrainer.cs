using QuickFix.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>The contrastive stage: the text tower and the image tower learn to pair captions with their images.</summary>
internal sealed class ClipStageTrainer(TrainingPlan plan, ClipTokenizer tokenizer)
    : StageTrainer(Initialized(new ClipContrastiveModel(plan.Model), plan.InitSeed, "clip"), plan.Clip)
{
    /// <inheritdoc/>
    protected override Tensor Loss(DemoBatch batch, StepRandom random)
    {
        using var images = batch.Images();
        return ((ClipContrastiveModel)Model).Loss(images, batch.Captions, tokenizer);
    }

    internal static T Initialized<T>(T module, ulong seed, string component)
        where T : nn.Module
    {
        WeightInitializer.Initialize(module, seed, component);
        return module;
    }
}
