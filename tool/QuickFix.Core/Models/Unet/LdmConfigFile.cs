using System.Globalization;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace QuickFix.Models.Unet;

/// <summary>
/// Reads the original (CompVis LDM / Stability sgm) inference config that AUTOMATIC1111 and ComfyUI look for beside a
/// single-file checkpoint (<c>model.safetensors</c> → <c>model.yaml</c>) and translates its <c>unet_config</c>
/// (sgm: <c>network_config</c>) and <c>first_stage_config</c> into diffusers configs, as diffusers'
/// <c>create_unet_diffusers_config</c> / <c>create_vae_diffusers_config</c> do. Hand-written because those functions
/// are Python; the rules follow them, except that heads come from <c>num_head_channels</c> per level whenever it is
/// set (what <c>openaimodel.UNetModel</c> itself does, also without linear projections).
/// </summary>
internal static class LdmConfigFile
{
    /// <summary>The sidecar config of <paramref name="checkpointPath"/>: same folder and base name, <c>.yaml</c>.</summary>
    public static string SidecarPath(string checkpointPath) => Path.ChangeExtension(checkpointPath, ".yaml");

    /// <summary>Parses <paramref name="path"/>; <paramref name="defaultScalingFactor"/> applies when <c>scale_factor</c> is absent.</summary>
    /// <exception cref="CheckpointException">The file is not valid YAML or lacks/contradicts what the models need (QF0505).</exception>
    public static (UNet2DConditionConfig Unet, AutoencoderKLConfig Vae) Read(string path, double defaultScalingFactor)
    {
        var reader = new Reader(path);
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            using var text = File.OpenText(path);
            stream.Load(text);
            root = stream.Documents.Count == 1 && stream.Documents[0].RootNode is YamlMappingNode mapping
                ? mapping
                : throw reader.Error("expected one YAML document whose root is a mapping");
        }
        catch (YamlException exception)
        {
            throw new CheckpointException(CheckpointError.InvalidConfig, $"invalid YAML: {exception.Message}", path, innerException: exception);
        }

        var model = reader.Mapping(root, "model.params", "model", "params");
        var unetParams = Reader.Optional(model, "unet_config") ?? Reader.Optional(model, "network_config")
            ?? throw reader.Error("model.params has neither unet_config nor network_config");
        var unet = reader.Mapping(reader.AsMapping(unetParams, "unet_config"), "unet_config.params", "params");
        var vae = reader.Mapping(model, "first_stage_config.params", "first_stage_config", "params");
        var scalingFactor = Reader.Optional(model, "scale_factor") is { } scale ? reader.Double(scale, "scale_factor") : defaultScalingFactor;
        var latentSize = Reader.Optional(model, "image_size") is { } size ? reader.Int(size, "image_size") : (int?)null;
        return (UNetConfig(reader, unet, latentSize), VaeConfig(reader, vae, scalingFactor, latentSize));
    }

    private static UNet2DConditionConfig UNetConfig(Reader reader, YamlMappingNode p, int? latentSize)
    {
        if (Reader.Optional(p, "use_spatial_transformer") is { } spatial && !reader.Bool(spatial, "use_spatial_transformer"))
        {
            throw reader.Error("unet_config.params.use_spatial_transformer is false: a UNet without text cross-attention is not a Stable Diffusion UNet");
        }

        var modelChannels = reader.Int(reader.Required(p, "model_channels"), "model_channels");
        var multipliers = reader.IntList(reader.Required(p, "channel_mult"), "channel_mult");
        var attentionResolutions = reader.IntList(reader.Required(p, "attention_resolutions"), "attention_resolutions");
        int[] channels = [.. multipliers.Select(m => modelChannels * m)];
        var levels = channels.Length;

        // Level i works at down-sampling factor 2^i; it has attention when that factor is listed.
        string[] down = [.. Enumerable.Range(0, levels).Select(i => attentionResolutions.Contains(1 << i) ? "CrossAttnDownBlock2D" : "DownBlock2D")];
        string[] up = [.. down.Reverse().Select(t => t == "CrossAttnDownBlock2D" ? "CrossAttnUpBlock2D" : "UpBlock2D")];

        var numHeads = Reader.Optional(p, "num_heads") is { } h ? reader.Int(h, "num_heads") : -1;
        var headChannels = Reader.Optional(p, "num_head_channels") is { } c ? reader.Int(c, "num_head_channels") : -1;
        int[] heads = headChannels > 0
            ? [.. channels.Select(ch => Math.Max(1, ch / headChannels))]
            : numHeads > 0 ? [numHeads] : throw reader.Error("unet_config.params needs num_heads or num_head_channels");
        if (heads.Distinct().Count() == 1)
        {
            heads = [heads[0]];
        }

        var contextNode = reader.Required(p, "context_dim");
        var context = contextNode is YamlSequenceNode ? reader.IntList(contextNode, "context_dim")[0] : reader.Int(contextNode, "context_dim");
        var depthNode = Reader.Optional(p, "transformer_depth");
        int[] depth = depthNode is null ? [1]
            : depthNode is YamlSequenceNode ? reader.IntList(depthNode, "transformer_depth")
            : [reader.Int(depthNode, "transformer_depth")];

        var config = new UNet2DConditionConfig
        {
            AttentionHeadDim = heads,
            BlockOutChannels = channels,
            CrossAttentionDim = context,
            DownBlockTypes = down,
            InChannels = reader.Int(reader.Required(p, "in_channels"), "in_channels"),
            LayersPerBlock = reader.Int(reader.Required(p, "num_res_blocks"), "num_res_blocks"),
            OutChannels = reader.Int(reader.Required(p, "out_channels"), "out_channels"),
            SampleSize = latentSize ?? 64,
            TransformerLayersPerBlock = depth,
            UpBlockTypes = up,
            UseLinearProjection = Reader.Optional(p, "use_linear_in_transformer") is { } linear && reader.Bool(linear, "use_linear_in_transformer"),
        };

        if (Reader.Optional(p, "num_classes") is { } classes)
        {
            // sgm's SDXL UNet: "sequential" class conditioning on the pooled text and size/crop embeddings.
            if (classes is not YamlScalarNode { Value: "sequential" } || context is not (2048 or 1280))
            {
                throw reader.Error("unet_config.params.num_classes is only supported as SDXL's 'sequential' conditioning (context_dim 2048 or 1280)");
            }

            config = config with
            {
                AdditionEmbedType = "text_time",
                AdditionTimeEmbedDim = 256,
                ProjectionClassEmbeddingsInputDim = reader.Int(reader.Required(p, "adm_in_channels"), "adm_in_channels"),
            };
        }

        return config;
    }

    private static AutoencoderKLConfig VaeConfig(Reader reader, YamlMappingNode p, double scalingFactor, int? latentSize)
    {
        var dd = reader.Mapping(p, "first_stage_config.params.ddconfig", "ddconfig");
        var zChannels = reader.Int(reader.Required(dd, "z_channels"), "z_channels");
        if (Reader.Optional(p, "embed_dim") is { } embed && reader.Int(embed, "embed_dim") != zChannels)
        {
            throw reader.Error("first_stage_config.params.embed_dim must equal ddconfig.z_channels (diffusers' AutoencoderKL has one latent width)");
        }

        if (Reader.Optional(dd, "double_z") is { } doubleZ && !reader.Bool(doubleZ, "double_z"))
        {
            throw reader.Error("ddconfig.double_z is false: the VAE encoder must output mean and log-variance");
        }

        if (Reader.Optional(dd, "attn_resolutions") is { } attention && reader.IntList(attention, "attn_resolutions").Length > 0)
        {
            throw reader.Error("ddconfig.attn_resolutions must be empty (attention inside the VAE's levels is not supported)");
        }

        var ch = reader.Int(reader.Required(dd, "ch"), "ch");
        var multipliers = reader.IntList(reader.Required(dd, "ch_mult"), "ch_mult");
        return new AutoencoderKLConfig
        {
            BlockOutChannels = [.. multipliers.Select(m => ch * m)],
            DownBlockTypes = [.. multipliers.Select(_ => "DownEncoderBlock2D")],
            InChannels = reader.Int(reader.Required(dd, "in_channels"), "in_channels"),
            LatentChannels = zChannels,
            LayersPerBlock = reader.Int(reader.Required(dd, "num_res_blocks"), "num_res_blocks"),
            OutChannels = reader.Int(reader.Required(dd, "out_ch"), "out_ch"),
            SampleSize = latentSize is int size ? size << (multipliers.Length - 1) : 512,
            ScalingFactor = scalingFactor,
            UpBlockTypes = [.. multipliers.Select(_ => "UpDecoderBlock2D")],
        };
    }

    /// <summary>Typed access to the YAML tree with errors that name the file and the key.</summary>
    private sealed class Reader(string path)
    {
        public CheckpointException Error(string message) => new(CheckpointError.InvalidConfig, message, path);

        public static YamlNode? Optional(YamlMappingNode mapping, string key) =>
            mapping.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is not YamlScalarNode { Value: null or "" or "~" or "null" }
                ? node
                : null;

        public YamlNode Required(YamlMappingNode mapping, string key) =>
            Optional(mapping, key) ?? throw Error($"'{key}' is missing");

        public YamlMappingNode AsMapping(YamlNode node, string name) =>
            node as YamlMappingNode ?? throw Error($"'{name}' must be a mapping");

        public YamlMappingNode Mapping(YamlMappingNode start, string name, params string[] keys)
        {
            var current = start;
            foreach (var key in keys)
            {
                current = Optional(current, key) as YamlMappingNode ?? throw Error($"'{name}' is missing or not a mapping");
            }

            return current;
        }

        public int Int(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error($"'{key}' must be an integer");

        public double Double(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } text } && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw Error($"'{key}' must be a number");

        public bool Bool(YamlNode node, string key) =>
            node is YamlScalarNode { Value: { } text } && bool.TryParse(text, out var value)
                ? value
                : throw Error($"'{key}' must be true or false");

        public int[] IntList(YamlNode node, string key) =>
            node is YamlSequenceNode sequence ? [.. sequence.Children.Select(item => Int(item, key))] : throw Error($"'{key}' must be a list");
    }
}
