using QuickFix.Checkpoints.Layouts;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// The Stable Diffusion denoiser as diffusers' <c>UNet2DConditionModel</c>: module names equal the weight keys of a
/// diffusers <c>unet/diffusion_pytorch_model.safetensors</c> (<c>down_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k.weight</c>),
/// so weights load by name. Covers SD 1.x, SD 2.x (<c>use_linear_projection</c>, per-level heads) and SDXL
/// (<c>transformer_layers_per_block</c>, <c>addition_embed_type</c> <c>text_time</c>). Inference only.
/// </summary>
public sealed class UNet2DConditionModel : nn.Module
{
#pragma warning disable IDE1006, SA1300 // field names are the module names, hence the weight keys
    private readonly Conv2d conv_in;
    private readonly Timesteps time_proj;
    private readonly TimestepEmbedding time_embedding;
    private readonly Timesteps? add_time_proj;
    private readonly TimestepEmbedding? add_embedding;
    private readonly ModuleList<DownBlock2D> down_blocks;
    private readonly ModuleList<UpBlock2D> up_blocks;
    private readonly UNetMidBlock2DCrossAttn mid_block;
    private readonly GroupNorm conv_norm_out;
    private readonly Conv2d conv_out;
#pragma warning restore IDE1006, SA1300

    /// <summary>Builds the module tree of <paramref name="config"/> (parameters uninitialised: load weights next).</summary>
    /// <exception cref="UnsupportedArchitectureException">The config asks for a variant this implementation does not have.</exception>
    public UNet2DConditionModel(UNet2DConditionConfig config) : base(nameof(UNet2DConditionModel))
    {
        ArgumentNullException.ThrowIfNull(config);
        Validate(config);
        Config = config;
        var channels = config.BlockOutChannels;
        var levels = channels.Count;
        var heads = PerLevel(config.NumAttentionHeads ?? config.AttentionHeadDim, levels, "attention_head_dim");
        var depths = PerLevel(config.TransformerLayersPerBlock, levels, "transformer_layers_per_block");
        var timeEmbedDim = channels[0] * 4L;
        UNetLevel Level(int index, bool attention) => new(config.LayersPerBlock, timeEmbedDim, config.NormNumGroups, config.NormEps,
            attention ? new UNetLevelAttention(heads[index], depths[index], config.CrossAttentionDim, config.UseLinearProjection) : null);

        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, padding: 1);
        time_proj = new Timesteps(channels[0], config.FlipSinToCos, config.FreqShift);
        time_embedding = new TimestepEmbedding(channels[0], timeEmbedDim);
        if (config.AdditionEmbedType == "text_time")
        {
            var timeDim = config.AdditionTimeEmbedDim
                ?? throw new UnsupportedArchitectureException("addition_embed_type 'text_time' needs addition_time_embed_dim.");
            var inputDim = config.ProjectionClassEmbeddingsInputDim
                ?? throw new UnsupportedArchitectureException("addition_embed_type 'text_time' needs projection_class_embeddings_input_dim.");
            add_time_proj = new Timesteps(timeDim, config.FlipSinToCos, config.FreqShift);
            add_embedding = new TimestepEmbedding(inputDim, timeEmbedDim);
        }

        down_blocks = nn.ModuleList([.. Enumerable.Range(0, levels).Select(i => new DownBlock2D(
            i == 0 ? channels[0] : channels[i - 1], channels[i],
            Level(i, config.DownBlockTypes[i] == "CrossAttnDownBlock2D"), addDownsample: i < levels - 1, config.DownsamplePadding))]);
        mid_block = new UNetMidBlock2DCrossAttn(channels[levels - 1], Level(levels - 1, attention: true));

        // Up levels mirror the down levels (diffusers reverses channels, heads and transformer depths).
        up_blocks = nn.ModuleList([.. Enumerable.Range(0, levels).Select(i =>
        {
            var mirrored = levels - 1 - i;
            return new UpBlock2D(
                previousOutChannels: channels[Math.Min(mirrored + 1, levels - 1)],
                outChannels: channels[mirrored],
                skipFromBelowChannels: channels[Math.Max(mirrored - 1, 0)],
                Level(mirrored, config.UpBlockTypes[i] == "CrossAttnUpBlock2D"),
                addUpsample: i < levels - 1);
        })]);
        conv_norm_out = nn.GroupNorm(config.NormNumGroups, channels[0], config.NormEps);
        conv_out = nn.Conv2d(channels[0], config.OutChannels, 3, padding: 1);
        RegisterComponents();
    }

    /// <summary>The architecture the module was built with.</summary>
    public UNet2DConditionConfig Config { get; }

    /// <summary>
    /// <c>time_proj</c>: the sinusoidal features of <paramref name="timesteps"/> (<c>[B]</c>), <c>[B, block_out_channels[0]]</c>
    /// float32 (CompVis <c>timestep_embedding</c>).
    /// </summary>
    public Tensor ProjectTimesteps(Tensor timesteps) => time_proj.forward(timesteps);

    /// <summary>
    /// The embedding every resnet adds: <c>time_embedding(time_proj(t))</c> (CompVis <c>time_embed</c>), plus SDXL's
    /// <c>add_embedding([text_embeds, add_time_proj(time_ids)])</c> when the model has it; <c>[B, 4 * block_out_channels[0]]</c>.
    /// </summary>
    /// <param name="timesteps"><c>[B]</c> timesteps (a single one is broadcast to <paramref name="batch"/>).</param>
    /// <param name="dtype">The dtype of the model's parameters (the features are cast to it, as diffusers does).</param>
    /// <param name="batch">The batch size.</param>
    /// <param name="added">SDXL's additional conditions; required exactly when the model has <c>add_embedding</c>.</param>
    public Tensor EmbedTime(Tensor timesteps, ScalarType dtype, long batch, UNetAddedConditions? added = null)
    {
        ArgumentNullException.ThrowIfNull(timesteps);
        using var scope = torch.NewDisposeScope();
        var steps = timesteps.dim() == 0 || timesteps.shape[0] == 1 ? timesteps.reshape(1).expand(batch) : timesteps;
        if (steps.shape[0] != batch)
        {
            throw new ArgumentException($"Expected 1 or {batch} timesteps, got {steps.shape[0]}.", nameof(timesteps));
        }

        var embedding = time_embedding.forward(time_proj.forward(steps).to_type(dtype));
        if (add_embedding is not null && add_time_proj is not null)
        {
            if (added is null)
            {
                throw new ArgumentException("This UNet (addition_embed_type 'text_time') needs text_embeds and time_ids.", nameof(added));
            }

            var timeFeatures = add_time_proj.forward(added.TimeIds.flatten()).reshape(added.TextEmbeds.shape[0], -1);
            var features = torch.cat([added.TextEmbeds.to_type(dtype), timeFeatures.to_type(dtype)], -1);
            embedding += add_embedding.forward(features);
        }
        else if (added is not null)
        {
            throw new ArgumentException("This UNet has no additional (SDXL text_time) embedding.", nameof(added));
        }

        return embedding.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Predicts the model output (noise for epsilon models) for the latents <paramref name="sample"/>
    /// (<c>[B, in_channels, H, W]</c>) at <paramref name="timesteps"/> (<c>[B]</c> or one), conditioned on
    /// <paramref name="encoderHiddenStates"/> (<c>[B, T, cross_attention_dim]</c>): <c>[B, out_channels, H, W]</c>.
    /// Gradients flow when the parameters or inputs require them (training, <c>QuickFix.Training</c>); inference callers
    /// run under <c>torch.inference_mode()</c>, and loaded weights carry none.
    /// </summary>
    public Tensor Forward(Tensor sample, Tensor timesteps, Tensor encoderHiddenStates, UNetAddedConditions? added = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(encoderHiddenStates);
        using var scope = torch.NewDisposeScope();
        if (Config.CenterInputSample)
        {
            sample = (2 * sample) - 1.0;
        }

        var embedding = EmbedTime(timesteps, sample.dtype, sample.shape[0], added);
        var hidden = conv_in.Run(sample);
        var skips = new List<Tensor> { hidden };
        foreach (var block in down_blocks)
        {
            hidden = block.Forward(hidden, embedding, encoderHiddenStates, skips);
        }

        hidden = mid_block.Forward(hidden, embedding, encoderHiddenStates);
        foreach (var block in up_blocks)
        {
            hidden = block.Forward(hidden, embedding, encoderHiddenStates, skips);
        }

        var output = conv_out.Run(nn.functional.silu(conv_norm_out.forward(hidden)));
        return output.MoveToOuterDisposeScope();
    }

    private static void Validate(UNet2DConditionConfig config)
    {
        // The tensor layout generator validates block types, mid block, embeddings, divisibility and list lengths.
        _ = ComponentInventory.UNet(config, TensorDType.F32);
        if (config.ActFn != "silu" || config.DualCrossAttention || config.OnlyCrossAttention)
        {
            throw new UnsupportedArchitectureException(
                "Only UNets with act_fn 'silu', without dual_cross_attention or only_cross_attention, are supported.");
        }

        if (config.MidBlockScaleFactor != 1)
        {
            throw new UnsupportedArchitectureException("mid_block_scale_factor other than 1 is not supported.");
        }
    }

    private static int[] PerLevel(IReadOnlyList<int> values, int levels, string field) =>
        values.Count == 1 ? [.. Enumerable.Repeat(values[0], levels)]
        : values.Count == levels ? [.. values]
        : throw new UnsupportedArchitectureException($"{field} needs one value or one per block ({levels}).");
}
