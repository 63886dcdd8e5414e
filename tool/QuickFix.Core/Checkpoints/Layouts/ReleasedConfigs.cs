namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Config values of the released pipelines (runwayml/stable-diffusion-v1-5, stabilityai/stable-diffusion-2-1,
/// stabilityai/stable-diffusion-xl-base-1.0; architecture fields agree with what diffusers derives from the original
/// yaml files, see data/checkpoint-layouts/*-configs.json) and their tiny counterparts.
/// </summary>
internal static class ReleasedConfigs
{
    public static StableDiffusionConfig Full(ModelFamily family) => family switch
    {
        ModelFamily.SD15 => new(family, ModelSize.Full, new UNet2DConditionConfig { CrossAttentionDim = 768 },
            new AutoencoderKLConfig(), new ClipTextConfig(), null, new SchedulerConfig()),
        ModelFamily.SD21 => new(family, ModelSize.Full, Sd21Unet, Sd21Vae, Sd21Text, null, Sd21Scheduler),
        ModelFamily.SDXL => new(family, ModelSize.Full, SdxlUnet, SdxlVae, SdxlText1, SdxlText2, SdxlScheduler),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "Unknown model family."),
    };

    /// <summary>
    /// Tiny widths: UNet channels /20 (SDXL /40), VAE channels /16, GroupNorm groups 32 -> 4 so they divide, head counts chosen to divide
    /// the channels, text encoders 2 layers of width 64 (SDXL bigG: 128) with heads = width / 64. Block structure,
    /// layers per block and transformer depth per level stay as released, so every tensor name pattern (and count)
    /// of the full model exists in the tiny one, except for the text layers (2 instead of 12/23/32).
    /// </summary>
    public static StableDiffusionConfig Tiny(ModelFamily family, int textVocabSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(textVocabSize, 1);
        var full = Full(family);
        var text1 = TinyText(full.TextEncoder, 64, textVocabSize);
        var text2 = full.TextEncoder2 is null ? null : TinyText(full.TextEncoder2, 128, textVocabSize);
        var crossAttention = text1.HiddenSize + (text2?.HiddenSize ?? 0);

        // SDXL's ten-deep transformer stacks need the narrower width to stay a few megabytes.
        var unetDivisor = family == ModelFamily.SDXL ? 40 : 20;
        var unet = full.Unet with
        {
            BlockOutChannels = [.. full.Unet.BlockOutChannels.Select(c => c / unetDivisor)],
            NormNumGroups = 4,
            AttentionHeadDim = family == ModelFamily.SD15 ? [8] : [.. full.Unet.AttentionHeadDim.Select(h => h switch { 5 => 2, 10 => 4, _ => 8 })],
            CrossAttentionDim = crossAttention,
            SampleSize = full.Unet.SampleSize / 8,
            AdditionTimeEmbedDim = full.Unet.AdditionTimeEmbedDim is null ? null : 8,
            ProjectionClassEmbeddingsInputDim = text2 is null ? null : (6 * 8) + text2.ProjectionDim,
        };
        var vae = full.Vae with
        {
            BlockOutChannels = [.. full.Vae.BlockOutChannels.Select(c => c / 16)],
            NormNumGroups = 4,
            SampleSize = full.Vae.SampleSize / 8,
        };
        return full with { Size = ModelSize.Tiny, Unet = unet, Vae = vae, TextEncoder = text1, TextEncoder2 = text2 };
    }

    private static ClipTextConfig TinyText(ClipTextConfig full, int width, int vocabSize) => full with
    {
        NameOrPath = "quickfix/tiny-" + full.ModelType,
        HiddenSize = width,
        IntermediateSize = 4 * width,
        NumAttentionHeads = width / 64,
        NumHiddenLayers = 2,
        ProjectionDim = width,
        VocabSize = vocabSize,
    };

    private static UNet2DConditionConfig Sd21Unet => new()
    {
        DiffusersVersion = "0.10.0.dev0",
        AttentionHeadDim = [5, 10, 20, 20],
        CrossAttentionDim = 1024,
        SampleSize = 96,
        UpcastAttention = true,
        UseLinearProjection = true,
    };

    private static AutoencoderKLConfig Sd21Vae => new() { DiffusersVersion = "0.10.0.dev0", SampleSize = 768 };

    private static ClipTextConfig Sd21Text => new()
    {
        NameOrPath = "hf-models/stable-diffusion-v2-768x768/text_encoder",
        HiddenAct = "gelu",
        HiddenSize = 1024,
        IntermediateSize = 4096,
        NumAttentionHeads = 16,
        NumHiddenLayers = 23,
        ProjectionDim = 512,
        TransformersVersion = "4.25.0.dev0",
    };

    private static SchedulerConfig Sd21Scheduler => new()
    {
        ClassName = "DDIMScheduler",
        DiffusersVersion = "0.10.0.dev0",
        PredictionType = "v_prediction",
    };

    private static UNet2DConditionConfig SdxlUnet => new()
    {
        DiffusersVersion = "0.19.0.dev0",
        AdditionEmbedType = "text_time",
        AdditionTimeEmbedDim = 256,
        AttentionHeadDim = [5, 10, 20],
        BlockOutChannels = [320, 640, 1280],
        CrossAttentionDim = 2048,
        DownBlockTypes = ["DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"],
        ProjectionClassEmbeddingsInputDim = 2816,
        SampleSize = 128,
        TransformerLayersPerBlock = [1, 2, 10],
        UpBlockTypes = ["CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"],
        UseLinearProjection = true,
    };

    private static AutoencoderKLConfig SdxlVae => new()
    {
        DiffusersVersion = "0.20.0.dev0",
        ForceUpcast = true,
        SampleSize = 1024,
        ScalingFactor = 0.13025,
    };

    private static ClipTextConfig SdxlText1 => new()
    {
        TorchDtype = "float16",
        TransformersVersion = "4.32.0.dev0",
    };

    private static ClipTextConfig SdxlText2 => new()
    {
        NameOrPath = "laion/CLIP-ViT-bigG-14-laion2B-39B-b160k",
        Architectures = ["CLIPTextModelWithProjection"],
        HiddenAct = "gelu",
        HiddenSize = 1280,
        IntermediateSize = 5120,
        NumAttentionHeads = 20,
        NumHiddenLayers = 32,
        ProjectionDim = 1280,
        TorchDtype = "float16",
        TransformersVersion = "4.32.0.dev0",
    };

    private static SchedulerConfig SdxlScheduler => new()
    {
        ClassName = "EulerDiscreteScheduler",
        DiffusersVersion = "0.19.0.dev0",
        InterpolationType = "linear",
        PredictionType = "epsilon",
        SampleMaxValue = 1.0,
        TimestepSpacing = "leading",
        UseKarrasSigmas = false,
    };
}
