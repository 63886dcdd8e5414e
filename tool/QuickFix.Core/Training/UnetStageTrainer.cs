using QuickFix.Models.Clip;
using QuickFix.Models.Unet;
using QuickFix.Models.Vae;
using QuickFix.Sampling;
using QuickFix.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// The diffusion stage, as Stable Diffusion was trained: latents are a posterior sample of the frozen VAE times its
/// scaling factor; a uniform timestep of the 1000-step scaled-linear schedule noises them
/// (<c>√ᾱ·z + √(1−ᾱ)·ε</c>); the UNet predicts ε from the frozen text tower's 77-token conditioning (the empty caption
/// for <see cref="TrainingPlan.EmptyCaptionRate"/> of the samples, so that classifier-free guidance works) under a mean
/// squared error. An exponential moving average of the weights (<see cref="TrainingPlan.EmaDecay"/>) is kept and saved.
/// </summary>
internal sealed class UnetStageTrainer : StageTrainer
{
    private const string EmaFile = "ema.dat";

    private readonly TrainingPlan plan;
    private readonly ClipTokenizer tokenizer;
    private readonly ClipTextModel textEncoder;
    private readonly AutoencoderKL vae;
    private readonly double scalingFactor;
    private readonly Tensor alphasCumprod;
    private readonly UNet2DConditionModel ema;

    /// <param name="plan">The recipe.</param>
    /// <param name="tokenizer">The demo tokenizer.</param>
    /// <param name="textEncoder">The trained text tower (frozen here; the caller disposes it).</param>
    /// <param name="vae">The trained VAE (frozen here; the caller disposes it).</param>
    /// <param name="scalingFactor">The VAE's measured scaling factor.</param>
    public UnetStageTrainer(TrainingPlan plan, ClipTokenizer tokenizer, ClipTextModel textEncoder, AutoencoderKL vae, double scalingFactor)
        : base(ClipStageTrainer.Initialized(new UNet2DConditionModel(plan.Model.Unet), plan.InitSeed, "unet"), plan.Unet)
    {
        this.plan = plan;
        this.tokenizer = tokenizer;
        this.textEncoder = Frozen(textEncoder);
        this.vae = Frozen(vae);
        this.scalingFactor = scalingFactor;
        alphasCumprod = OwnedTensor.Of([.. TrainingSchedule.AlphasCumprod(plan.Model.Scheduler, null).Select(a => (float)a)], [plan.Model.Scheduler.NumTrainTimesteps]);
        ema = Frozen(new UNet2DConditionModel(plan.Model.Unet));
        CopyInto(Model, ema, 0.0);
    }

    /// <summary>The EMA weights (what the demo model ships).</summary>
    public UNet2DConditionModel Ema => ema;

    /// <inheritdoc/>
    public override void Save(string directory)
    {
        base.Save(directory);
        ema.save(Path.Combine(directory, EmaFile));
    }

    /// <inheritdoc/>
    public override void Load(string directory)
    {
        base.Load(directory);
        ema.load(Path.Combine(directory, EmaFile));
    }

    /// <summary>Loads the EMA weights of a saved state into <paramref name="unet"/>.</summary>
    public static void LoadEma(UNet2DConditionModel unet, string directory) => unet.load(Path.Combine(directory, EmaFile));

    /// <inheritdoc/>
    protected override Tensor Loss(DemoBatch batch, StepRandom random)
    {
        using var scope = torch.NewDisposeScope();
        var count = batch.Items.Count;
        Tensor latents, context;
        using (torch.no_grad())
        {
            var posterior = vae.Encode(batch.Images());
            latents = VaeStageTrainer.Sample(posterior, random) * scalingFactor;
            var dropped = random.Uniform("caption-dropout", count);
            var captions = batch.Captions.Select((caption, i) => dropped[i] < plan.EmptyCaptionRate ? string.Empty : caption);
            var ids = OwnedTensor.Of(captions.SelectMany(c => tokenizer.EncodePadded(c).Select(id => (long)id)).ToArray(), [count, ClipTokenizer.ContextLength]);
            context = textEncoder.Run(ids, new ClipRunOptions(textEncoder.Layers.Count)).Conditioning;
        }

        var timesteps = OwnedTensor.Of(random.Integers("timesteps", count, alphasCumprod.shape[0]), [count]);
        var noise = random.Normal("noise", latents.shape);
        var alpha = alphasCumprod.index_select(0, timesteps).reshape(count, 1, 1, 1);
        var noisy = (alpha.sqrt() * latents) + ((1.0 - alpha).sqrt() * noise);
        var predicted = ((UNet2DConditionModel)Model).Forward(noisy, timesteps.to_type(ScalarType.Float32), context);
        return nn.functional.mse_loss(predicted, noise).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    protected override void AfterStep() => CopyInto(Model, ema, plan.EmaDecay);

    /// <inheritdoc/>
    protected override void DisposeExtra()
    {
        ema.Dispose();
        alphasCumprod.Dispose();
    }

    /// <summary><c>target ← decay·target + (1 − decay)·source</c>, parameter by parameter.</summary>
    private static void CopyInto(nn.Module source, nn.Module target, double decay)
    {
        using var noGrad = torch.no_grad();
        foreach (var ((_, from), (_, to)) in source.named_parameters().Zip(target.named_parameters()))
        {
            to.mul_(decay).add_(from, alpha: 1.0 - decay);
        }
    }

    /// <summary>Turns gradients off and puts <paramref name="module"/> in inference mode: a frozen earlier stage.</summary>
    internal static T Frozen<T>(T module)
        where T : nn.Module
    {
        foreach (var parameter in module.parameters())
        {
            parameter.requires_grad = false;
        }

        module.eval();
        return module;
    }
}
