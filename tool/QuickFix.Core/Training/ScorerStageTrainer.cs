using QuickFix.Evaluation;
using QuickFix.Models.Vae;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// The scorer stage: the concept classifier learns every attribute label of the demo data (the sum of one cross-entropy
/// per attribute). Generated images reach it through the VAE's decoder, so most training images do too: each image is
/// encoded, a posterior sample decoded and clamped; <see cref="CleanShare"/> of them are left as drawn.
/// </summary>
internal sealed class ScorerStageTrainer : StageTrainer
{
    /// <summary>The share of training images the classifier sees as drawn rather than decoded.</summary>
    public const double CleanShare = 0.25;

    private readonly AutoencoderKL vae;

    /// <param name="plan">The recipe.</param>
    /// <param name="vae">The trained VAE (frozen here; the caller disposes it).</param>
    public ScorerStageTrainer(TrainingPlan plan, AutoencoderKL vae)
        : base(ClipStageTrainer.Initialized(new ConceptClassifier(plan.Model.ImageTowerWidths), plan.InitSeed, "scorer"), plan.Scorer)
    {
        this.vae = UnetStageTrainer.Frozen(vae);
    }

    /// <inheritdoc/>
    protected override Tensor Loss(DemoBatch batch, StepRandom random)
    {
        using var scope = torch.NewDisposeScope();
        var count = batch.Items.Count;
        var drawn = batch.Images();
        Tensor images;
        using (torch.no_grad())
        {
            var decoded = vae.Decode(VaeStageTrainer.Sample(vae.Encode(drawn), random)).clamp(-1.0, 1.0);
            var clean = random.Uniform("clean", count).Select(u => u < CleanShare).ToArray();
            var keep = torch.tensor(clean).reshape(count, 1, 1, 1);
            images = torch.where(keep, drawn, decoded);
        }

        var logits = ((ConceptClassifier)Model).forward(images);
        Tensor? loss = null;
        foreach (var attribute in ConceptLabels.Heads)
        {
            var targets = torch.tensor(batch.Items.Select(item => (long)ConceptLabels.ClassOf(item.Scene, attribute)).ToArray());
            var term = nn.functional.cross_entropy(logits.narrow(1, ConceptLabels.Offset(attribute), ConceptLabels.Of(attribute).Count), targets);
            loss = loss is null ? term : loss + term;
        }

        return loss!.MoveToOuterDisposeScope();
    }
}
