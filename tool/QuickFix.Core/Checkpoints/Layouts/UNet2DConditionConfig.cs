using System.Text.Json.Serialization;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// The architecture of a diffusers <c>UNet2DConditionModel</c>, with the field names of its <c>unet/config.json</c>.
/// Defaults are diffusers' own defaults (which are SD 1.x's values). Only the fields that shape the module tree or
/// that the released configs carry are modelled. Equality of list fields is by reference; compare configs through
/// their JSON.
/// </summary>
public sealed record UNet2DConditionConfig
{
    /// <summary><c>_class_name</c>.</summary>
    [JsonPropertyName("_class_name")]
    public string ClassName { get; init; } = "UNet2DConditionModel";

    /// <summary><c>_diffusers_version</c> of the writer (bookkeeping only).</summary>
    [JsonPropertyName("_diffusers_version")]
    public string DiffusersVersion { get; init; } = "0.6.0";

    /// <summary><c>act_fn</c>.</summary>
    [JsonPropertyName("act_fn")]
    public string ActFn { get; init; } = "silu";

    /// <summary><c>addition_embed_type</c>: <c>text_time</c> for SDXL (adds <c>add_embedding</c>), else null.</summary>
    [JsonPropertyName("addition_embed_type")]
    public string? AdditionEmbedType { get; init; }

    /// <summary><c>addition_time_embed_dim</c>: width of each SDXL size/crop time embedding (256).</summary>
    [JsonPropertyName("addition_time_embed_dim")]
    public int? AdditionTimeEmbedDim { get; init; }

    /// <summary>
    /// <c>attention_head_dim</c>, one value or one per down block. diffusers uses it as the number of heads
    /// (a known naming quirk), so a block's channels must be divisible by it.
    /// </summary>
    [JsonPropertyName("attention_head_dim")]
    [JsonConverter(typeof(ScalarOrListJsonConverter))]
    public IReadOnlyList<int> AttentionHeadDim { get; init; } = [8];

    /// <summary><c>block_out_channels</c>: channels of each resolution level.</summary>
    [JsonPropertyName("block_out_channels")]
    public IReadOnlyList<int> BlockOutChannels { get; init; } = [320, 640, 1280, 1280];

    /// <summary><c>center_input_sample</c>.</summary>
    [JsonPropertyName("center_input_sample")]
    public bool CenterInputSample { get; init; }

    /// <summary><c>class_embed_type</c> (null for every released SD UNet).</summary>
    [JsonPropertyName("class_embed_type")]
    public string? ClassEmbedType { get; init; }

    /// <summary><c>cross_attention_dim</c>: width of the text-encoder states (768, 1024, 2048).</summary>
    [JsonPropertyName("cross_attention_dim")]
    public int CrossAttentionDim { get; init; } = 1280;

    /// <summary><c>down_block_types</c>: <c>CrossAttnDownBlock2D</c> or <c>DownBlock2D</c> per level.</summary>
    [JsonPropertyName("down_block_types")]
    public IReadOnlyList<string> DownBlockTypes { get; init; } =
        ["CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"];

    /// <summary><c>downsample_padding</c>.</summary>
    [JsonPropertyName("downsample_padding")]
    public int DownsamplePadding { get; init; } = 1;

    /// <summary><c>dual_cross_attention</c>.</summary>
    [JsonPropertyName("dual_cross_attention")]
    public bool DualCrossAttention { get; init; }

    /// <summary><c>flip_sin_to_cos</c>.</summary>
    [JsonPropertyName("flip_sin_to_cos")]
    public bool FlipSinToCos { get; init; } = true;

    /// <summary><c>freq_shift</c>.</summary>
    [JsonPropertyName("freq_shift")]
    public int FreqShift { get; init; }

    /// <summary><c>in_channels</c> (latent channels in).</summary>
    [JsonPropertyName("in_channels")]
    public int InChannels { get; init; } = 4;

    /// <summary><c>layers_per_block</c>: resnets per down level (up levels have one more).</summary>
    [JsonPropertyName("layers_per_block")]
    public int LayersPerBlock { get; init; } = 2;

    /// <summary><c>mid_block_scale_factor</c>.</summary>
    [JsonPropertyName("mid_block_scale_factor")]
    public double MidBlockScaleFactor { get; init; } = 1;

    /// <summary><c>mid_block_type</c>.</summary>
    [JsonPropertyName("mid_block_type")]
    public string MidBlockType { get; init; } = "UNetMidBlock2DCrossAttn";

    /// <summary><c>norm_eps</c>.</summary>
    [JsonPropertyName("norm_eps")]
    public double NormEps { get; init; } = 1e-5;

    /// <summary><c>norm_num_groups</c>: GroupNorm groups; every channel count must be divisible by it.</summary>
    [JsonPropertyName("norm_num_groups")]
    public int NormNumGroups { get; init; } = 32;

    /// <summary><c>num_attention_heads</c> (null: diffusers takes <see cref="AttentionHeadDim"/>).</summary>
    [JsonPropertyName("num_attention_heads")]
    [JsonConverter(typeof(ScalarOrListJsonConverter))]
    public IReadOnlyList<int>? NumAttentionHeads { get; init; }

    /// <summary><c>num_class_embeds</c>.</summary>
    [JsonPropertyName("num_class_embeds")]
    public int? NumClassEmbeds { get; init; }

    /// <summary><c>only_cross_attention</c>.</summary>
    [JsonPropertyName("only_cross_attention")]
    public bool OnlyCrossAttention { get; init; }

    /// <summary><c>out_channels</c>.</summary>
    [JsonPropertyName("out_channels")]
    public int OutChannels { get; init; } = 4;

    /// <summary><c>projection_class_embeddings_input_dim</c>: SDXL pooled text + 6 time embeddings (2816).</summary>
    [JsonPropertyName("projection_class_embeddings_input_dim")]
    public int? ProjectionClassEmbeddingsInputDim { get; init; }

    /// <summary><c>sample_size</c>: latent resolution the model was trained at.</summary>
    [JsonPropertyName("sample_size")]
    public int SampleSize { get; init; } = 64;

    /// <summary><c>transformer_layers_per_block</c>, one value or one per down level (SDXL: 1, 2, 10).</summary>
    [JsonPropertyName("transformer_layers_per_block")]
    [JsonConverter(typeof(ScalarOrListJsonConverter))]
    public IReadOnlyList<int> TransformerLayersPerBlock { get; init; } = [1];

    /// <summary><c>up_block_types</c>: <c>CrossAttnUpBlock2D</c> or <c>UpBlock2D</c> per level, lowest resolution first.</summary>
    [JsonPropertyName("up_block_types")]
    public IReadOnlyList<string> UpBlockTypes { get; init; } =
        ["UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"];

    /// <summary><c>upcast_attention</c>.</summary>
    [JsonPropertyName("upcast_attention")]
    public bool? UpcastAttention { get; init; }

    /// <summary><c>use_linear_projection</c>: transformer <c>proj_in/proj_out</c> are linear (SD 2.x, SDXL) instead of 1x1 convs.</summary>
    [JsonPropertyName("use_linear_projection")]
    public bool UseLinearProjection { get; init; }
}
