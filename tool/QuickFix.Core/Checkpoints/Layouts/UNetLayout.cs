namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Enumerates a <c>UNet2DConditionModel</c> in diffusers v0.35 module order and names every tensor in the LDM/sgm
/// <c>openaimodel.UNetModel</c> layout too, following diffusers' <c>convert_ldm_unet_checkpoint</c>
/// (<c>src/diffusers/loaders/single_file_utils.py</c>): <c>input_blocks.{1 + level*(layers+1) + j}.{0 resnet | 1 attention}</c>,
/// <c>middle_block.{0,1,2}</c>, <c>output_blocks.{level*(layers+1) + j}.{0 | 1 | last: upsampler}</c>.
/// </summary>
internal static class UNetLayout
{
    public static IReadOnlyList<TensorMapping> Build(UNet2DConditionConfig config, string diffusersFile, string filePrefix)
    {
        ArgumentNullException.ThrowIfNull(config);
        var levels = config.BlockOutChannels.Count;
        Validate(config, levels);
        var heads = PerLevel(config.NumAttentionHeads ?? config.AttentionHeadDim, levels, "attention_head_dim");
        var depths = PerLevel(config.TransformerLayersPerBlock, levels, "transformer_layers_per_block");
        var channels = config.BlockOutChannels;
        var layers = config.LayersPerBlock;
        long timeEmbedDim = channels[0] * 4L;
        var b = new MappingBuilder(diffusersFile, filePrefix);

        b.Conv("conv_in", "input_blocks.0.0", channels[0], config.InChannels, 3);
        b.Linear("time_embedding.linear_1", "time_embed.0", timeEmbedDim, channels[0]);
        b.Linear("time_embedding.linear_2", "time_embed.2", timeEmbedDim, timeEmbedDim);
        if (config.AdditionEmbedType == "text_time")
        {
            var inputDim = config.ProjectionClassEmbeddingsInputDim
                ?? throw new UnsupportedArchitectureException("addition_embed_type 'text_time' needs projection_class_embeddings_input_dim.");
            b.Linear("add_embedding.linear_1", "label_emb.0.0", timeEmbedDim, inputDim);
            b.Linear("add_embedding.linear_2", "label_emb.0.2", timeEmbedDim, timeEmbedDim);
        }

        for (var level = 0; level < levels; level++)
        {
            var inChannels = level == 0 ? channels[0] : channels[level - 1];
            var outChannels = channels[level];
            var firstInputBlock = 1 + (level * (layers + 1));
            if (HasAttention(config.DownBlockTypes[level], "CrossAttnDownBlock2D", "DownBlock2D"))
            {
                for (var j = 0; j < layers; j++)
                {
                    Transformer(b, $"down_blocks.{level}.attentions.{j}", $"input_blocks.{firstInputBlock + j}.1",
                        outChannels, heads[level], depths[level], config);
                }
            }

            for (var j = 0; j < layers; j++)
            {
                Resnet(b, $"down_blocks.{level}.resnets.{j}", $"input_blocks.{firstInputBlock + j}.0",
                    j == 0 ? inChannels : outChannels, outChannels, timeEmbedDim);
            }

            if (level < levels - 1)
            {
                b.Conv($"down_blocks.{level}.downsamplers.0.conv", $"input_blocks.{firstInputBlock + layers}.0.op",
                    outChannels, outChannels, 3);
            }
        }

        // Up levels mirror the down levels (diffusers reverses channels, heads and transformer depths).
        var previousOut = channels[levels - 1];
        for (var level = 0; level < levels; level++)
        {
            var mirrored = levels - 1 - level;
            var outChannels = channels[mirrored];
            var skipFromBelow = channels[Math.Max(mirrored - 1, 0)];
            var firstOutputBlock = level * (layers + 1);
            var hasAttention = HasAttention(config.UpBlockTypes[level], "CrossAttnUpBlock2D", "UpBlock2D");
            if (hasAttention)
            {
                for (var j = 0; j <= layers; j++)
                {
                    Transformer(b, $"up_blocks.{level}.attentions.{j}", $"output_blocks.{firstOutputBlock + j}.1",
                        outChannels, heads[mirrored], depths[mirrored], config);
                }
            }

            for (var j = 0; j <= layers; j++)
            {
                var resnetIn = j == 0 ? previousOut : outChannels;
                var skip = j == layers ? skipFromBelow : outChannels;
                Resnet(b, $"up_blocks.{level}.resnets.{j}", $"output_blocks.{firstOutputBlock + j}.0",
                    resnetIn + skip, outChannels, timeEmbedDim);
            }

            if (level < levels - 1)
            {
                b.Conv($"up_blocks.{level}.upsamplers.0.conv",
                    $"output_blocks.{firstOutputBlock + layers}.{(hasAttention ? 2 : 1)}.conv", outChannels, outChannels, 3);
            }

            previousOut = outChannels;
        }

        var deepest = channels[levels - 1];
        Transformer(b, "mid_block.attentions.0", "middle_block.1", deepest, heads[levels - 1], depths[levels - 1], config);
        Resnet(b, "mid_block.resnets.0", "middle_block.0", deepest, deepest, timeEmbedDim);
        Resnet(b, "mid_block.resnets.1", "middle_block.2", deepest, deepest, timeEmbedDim);

        b.Norm("conv_norm_out", "out.0", channels[0]);
        b.Conv("conv_out", "out.2", config.OutChannels, channels[0], 3);
        return b.Mappings;
    }

    /// <summary>diffusers <c>ResnetBlock2D</c> (registration order) and LDM <c>ResBlock</c>.</summary>
    private static void Resnet(MappingBuilder b, string d, string f, long inChannels, long outChannels, long timeEmbedDim)
    {
        b.Norm(d + ".norm1", f + ".in_layers.0", inChannels);
        b.Conv(d + ".conv1", f + ".in_layers.2", outChannels, inChannels, 3);
        b.Linear(d + ".time_emb_proj", f + ".emb_layers.1", outChannels, timeEmbedDim);
        b.Norm(d + ".norm2", f + ".out_layers.0", outChannels);
        b.Conv(d + ".conv2", f + ".out_layers.3", outChannels, outChannels, 3);
        if (inChannels != outChannels)
        {
            b.Conv(d + ".conv_shortcut", f + ".skip_connection", outChannels, inChannels, 1);
        }
    }

    /// <summary>
    /// diffusers <c>Transformer2DModel</c> / LDM <c>SpatialTransformer</c>: the inner tensor names are the same in
    /// both layouts. Inner width = heads * (channels / heads) = channels (divisibility is validated).
    /// </summary>
    private static void Transformer(MappingBuilder b, string d, string f, long channels, int heads, int depth,
        UNet2DConditionConfig config)
    {
        if (heads <= 0 || channels % heads != 0)
        {
            throw new UnsupportedArchitectureException(
                $"A UNet block with {channels} channels cannot have {heads} attention heads (attention_head_dim must divide the channels).");
        }

        b.Norm(d + ".norm", f + ".norm", channels);
        Projection(b, d + ".proj_in", f + ".proj_in", channels, config.UseLinearProjection);
        for (var k = 0; k < depth; k++)
        {
            var db = $"{d}.transformer_blocks.{k}";
            var fb = $"{f}.transformer_blocks.{k}";
            b.Norm(db + ".norm1", fb + ".norm1", channels);
            Attention(b, db + ".attn1", fb + ".attn1", channels, channels);
            b.Norm(db + ".norm2", fb + ".norm2", channels);
            Attention(b, db + ".attn2", fb + ".attn2", channels, config.CrossAttentionDim);
            b.Norm(db + ".norm3", fb + ".norm3", channels);
            b.Linear(db + ".ff.net.0.proj", fb + ".ff.net.0.proj", channels * 8, channels); // GEGLU: 2 x (4 x channels)
            b.Linear(db + ".ff.net.2", fb + ".ff.net.2", channels, channels * 4);
        }

        Projection(b, d + ".proj_out", f + ".proj_out", channels, config.UseLinearProjection);
    }

    private static void Attention(MappingBuilder b, string d, string f, long channels, long contextChannels)
    {
        b.Linear(d + ".to_q", f + ".to_q", channels, channels, bias: false);
        b.Linear(d + ".to_k", f + ".to_k", channels, contextChannels, bias: false);
        b.Linear(d + ".to_v", f + ".to_v", channels, contextChannels, bias: false);
        b.Linear(d + ".to_out.0", f + ".to_out.0", channels, channels);
    }

    private static void Projection(MappingBuilder b, string d, string f, long channels, bool linear)
    {
        if (linear)
        {
            b.Linear(d, f, channels, channels);
        }
        else
        {
            b.Conv(d, f, channels, channels, 1);
        }
    }

    private static bool HasAttention(string blockType, string withAttention, string withoutAttention)
    {
        if (blockType != withAttention && blockType != withoutAttention)
        {
            throw new UnsupportedArchitectureException(
                $"UNet block type '{blockType}' is not supported (expected {withAttention} or {withoutAttention}).");
        }

        return blockType == withAttention;
    }

    private static void Validate(UNet2DConditionConfig config, int levels)
    {
        if (levels == 0 || config.DownBlockTypes.Count != levels || config.UpBlockTypes.Count != levels)
        {
            throw new UnsupportedArchitectureException(
                "block_out_channels, down_block_types and up_block_types must have the same, non-zero length.");
        }

        if (config.MidBlockType != "UNetMidBlock2DCrossAttn")
        {
            throw new UnsupportedArchitectureException($"mid_block_type '{config.MidBlockType}' is not supported.");
        }

        if (config.ClassEmbedType is not null || config.NumClassEmbeds is not null
            || config.AdditionEmbedType is not (null or "text_time"))
        {
            throw new UnsupportedArchitectureException("Only SDXL's 'text_time' additional embedding is supported.");
        }

        if (config.LayersPerBlock <= 0 || config.BlockOutChannels.Any(c => c <= 0 || c % config.NormNumGroups != 0))
        {
            throw new UnsupportedArchitectureException(
                $"Every block_out_channels value must be positive and divisible by norm_num_groups ({config.NormNumGroups}).");
        }
    }

    private static int[] PerLevel(IReadOnlyList<int> values, int levels, string field) =>
        values.Count == 1 ? [.. Enumerable.Repeat(values[0], levels)]
        : values.Count == levels ? [.. values]
        : throw new UnsupportedArchitectureException($"{field} needs one value or one per block ({levels}).");
}
