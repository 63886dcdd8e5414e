using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Training;

/// <summary>
/// The architecture of the demo model (issue 9): Stable Diffusion 1.x's modules and file layout at demo widths. The text
/// encoder is a <c>CLIPTextModel</c> (quick_gelu, so <c>Checkpoint.Open</c> reads the folder as SD 1.x), the VAE has
/// three levels (factor 4, the pipeline's <c>2^(levels-1)</c> rule) and the UNet three (two with cross-attention).
/// </summary>
/// <param name="ImageSize">Image side in pixels; latents are <c>ImageSize / 4</c> on a side.</param>
/// <param name="TextEncoder">The text tower.</param>
/// <param name="Vae">The autoencoder (its <c>scaling_factor</c> is replaced by the measured one when the VAE is trained).</param>
/// <param name="Unet">The denoiser.</param>
/// <param name="Scheduler">SD 1.x's scaled-linear 1000-step schedule.</param>
/// <param name="ImageTowerWidths">The CLIP image tower's stride-2 conv widths (training only; not saved in the model).</param>
public sealed record DemoModelConfig(
    int ImageSize,
    ClipTextConfig TextEncoder,
    AutoencoderKLConfig Vae,
    UNet2DConditionConfig Unet,
    SchedulerConfig Scheduler,
    IReadOnlyList<int> ImageTowerWidths)
{
    /// <summary>The VAE's downsampling factor.</summary>
    public const int VaeFactor = 4;

    /// <summary>
    /// The committed demo model's architecture (the data helper's plan, at 32 px so that the UNet runs on 8×8 latents and
    /// training fits about an hour on two cores): text 128 wide, 4 layers, 2 heads (0.89M parameters); VAE [16, 32, 64]
    /// (0.68M); UNet [32, 64, 64], two layers per block, 4 heads, cross-attention 128 (2.27M).
    /// </summary>
    public static DemoModelConfig Create(int vocabularySize, int imageSize = 32) => Create(vocabularySize, imageSize,
        textWidth: 128, textLayers: 4, vaeChannels: [16, 32, 64], unetChannels: [32, 64, 64], groups: 8, unetLayersPerBlock: 2, towerWidths: [32, 64, 128, 128]);

    /// <summary>A few-kilobyte model of the same structure, for tests.</summary>
    public static DemoModelConfig Tiny(int vocabularySize, int imageSize = 32) => Create(vocabularySize, imageSize,
        textWidth: 32, textLayers: 1, vaeChannels: [8, 8, 8], unetChannels: [8, 16, 16], groups: 4, unetLayersPerBlock: 1, towerWidths: [8, 16]);

    private static DemoModelConfig Create(int vocabularySize, int imageSize, int textWidth, int textLayers, int[] vaeChannels,
        int[] unetChannels, int groups, int unetLayersPerBlock, int[] towerWidths)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 2);
        if (imageSize < 16 || imageSize % (VaeFactor * 4) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "The image side must be a multiple of 16.");
        }

        var text = new ClipTextConfig
        {
            NameOrPath = "quickfix/demo-text-encoder",
            HiddenSize = textWidth,
            IntermediateSize = 4 * textWidth,
            NumAttentionHeads = Math.Max(textWidth / 64, 1),
            NumHiddenLayers = textLayers,
            ProjectionDim = textWidth,
            VocabSize = vocabularySize,
        };
        var vae = new AutoencoderKLConfig
        {
            BlockOutChannels = vaeChannels,
            DownBlockTypes = [.. vaeChannels.Select(_ => "DownEncoderBlock2D")],
            UpBlockTypes = [.. vaeChannels.Select(_ => "UpDecoderBlock2D")],
            LayersPerBlock = 1,
            NormNumGroups = groups,
            SampleSize = imageSize,
        };
        var unet = new UNet2DConditionConfig
        {
            BlockOutChannels = unetChannels,
            DownBlockTypes = ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"],
            UpBlockTypes = ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"],
            LayersPerBlock = unetLayersPerBlock,
            NormNumGroups = groups,
            AttentionHeadDim = [4],
            CrossAttentionDim = textWidth,
            SampleSize = imageSize / VaeFactor,
        };
        return new DemoModelConfig(imageSize, text, vae, unet, new SchedulerConfig(), towerWidths);
    }

    /// <summary>The whole pipeline's config, with the tokenizer's special ids and the measured VAE scaling factor.</summary>
    public StableDiffusionConfig ToStableDiffusionConfig(int bosId, int eosId, int padId, double vaeScalingFactor) => new(
        ModelFamily.SD15,
        ModelSize.Tiny,
        Unet,
        Vae with { ScalingFactor = vaeScalingFactor },
        TextEncoder with { BosTokenId = bosId, EosTokenId = eosId, PadTokenId = padId },
        null,
        Scheduler);
}
