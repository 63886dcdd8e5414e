using System.Text.Json.Serialization;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// The architecture of a diffusers <c>AutoencoderKL</c> (the SD VAE), with the field names of its
/// <c>vae/config.json</c>. Defaults are the SD 1.x/2.x values.
/// </summary>
public sealed record AutoencoderKLConfig
{
    /// <summary><c>_class_name</c>.</summary>
    [JsonPropertyName("_class_name")]
    public string ClassName { get; init; } = "AutoencoderKL";

    /// <summary><c>_diffusers_version</c> of the writer (bookkeeping only).</summary>
    [JsonPropertyName("_diffusers_version")]
    public string DiffusersVersion { get; init; } = "0.6.0";

    /// <summary><c>act_fn</c>.</summary>
    [JsonPropertyName("act_fn")]
    public string ActFn { get; init; } = "silu";

    /// <summary><c>block_out_channels</c> of the encoder levels (the decoder mirrors them).</summary>
    [JsonPropertyName("block_out_channels")]
    public IReadOnlyList<int> BlockOutChannels { get; init; } = [128, 256, 512, 512];

    /// <summary><c>down_block_types</c>.</summary>
    [JsonPropertyName("down_block_types")]
    public IReadOnlyList<string> DownBlockTypes { get; init; } =
        ["DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"];

    /// <summary><c>force_upcast</c> (SDXL: true; absent from older configs).</summary>
    [JsonPropertyName("force_upcast")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? ForceUpcast { get; init; }

    /// <summary><c>in_channels</c> (image channels).</summary>
    [JsonPropertyName("in_channels")]
    public int InChannels { get; init; } = 3;

    /// <summary><c>latent_channels</c>.</summary>
    [JsonPropertyName("latent_channels")]
    public int LatentChannels { get; init; } = 4;

    /// <summary><c>layers_per_block</c>: resnets per encoder level (decoder levels have one more).</summary>
    [JsonPropertyName("layers_per_block")]
    public int LayersPerBlock { get; init; } = 2;

    /// <summary><c>norm_num_groups</c>.</summary>
    [JsonPropertyName("norm_num_groups")]
    public int NormNumGroups { get; init; } = 32;

    /// <summary><c>out_channels</c> (image channels).</summary>
    [JsonPropertyName("out_channels")]
    public int OutChannels { get; init; } = 3;

    /// <summary><c>sample_size</c>: image resolution.</summary>
    [JsonPropertyName("sample_size")]
    public int SampleSize { get; init; } = 512;

    /// <summary><c>scaling_factor</c> applied to latents (SD 1.x/2.x 0.18215, SDXL 0.13025).</summary>
    [JsonPropertyName("scaling_factor")]
    public double ScalingFactor { get; init; } = 0.18215;

    /// <summary><c>up_block_types</c>.</summary>
    [JsonPropertyName("up_block_types")]
    public IReadOnlyList<string> UpBlockTypes { get; init; } =
        ["UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"];
}
