namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Enumerates a diffusers <c>AutoencoderKL</c> in module order and names every tensor in the LDM
/// <c>first_stage_model</c> layout too, following diffusers' <c>convert_ldm_vae_checkpoint</c>: encoder
/// <c>down.{i}.block.{j}</c>, decoder <c>up.{levels-1-i}.block.{j}</c> (LDM numbers decoder levels from the top),
/// <c>mid.block_1/attn_1/block_2</c>, <c>norm_out</c>, <c>nin_shortcut</c>. The mid-block attention projections are
/// 1x1 convs <c>[c, c, 1, 1]</c> in LDM and linears <c>[c, c]</c> in diffusers: same bytes, different shape.
/// </summary>
internal static class VaeLayout
{
    public static IReadOnlyList<TensorMapping> Build(AutoencoderKLConfig config, string diffusersFile, string filePrefix)
    {
        ArgumentNullException.ThrowIfNull(config);
        var channels = config.BlockOutChannels;
        var levels = channels.Count;
        Validate(config, levels);
        var layers = config.LayersPerBlock;
        var latent = config.LatentChannels;
        var top = channels[0];
        var deepest = channels[levels - 1];
        var b = new MappingBuilder(diffusersFile, filePrefix);

        b.Conv("encoder.conv_in", "encoder.conv_in", top, config.InChannels, 3);
        for (var level = 0; level < levels; level++)
        {
            var inChannels = level == 0 ? top : channels[level - 1];
            var outChannels = channels[level];
            for (var j = 0; j < layers; j++)
            {
                Resnet(b, $"encoder.down_blocks.{level}.resnets.{j}", $"encoder.down.{level}.block.{j}",
                    j == 0 ? inChannels : outChannels, outChannels);
            }

            if (level < levels - 1)
            {
                b.Conv($"encoder.down_blocks.{level}.downsamplers.0.conv", $"encoder.down.{level}.downsample.conv",
                    outChannels, outChannels, 3);
            }
        }

        MidBlock(b, "encoder.mid_block", "encoder.mid", deepest);
        b.Norm("encoder.conv_norm_out", "encoder.norm_out", deepest);
        b.Conv("encoder.conv_out", "encoder.conv_out", 2L * latent, deepest, 3); // mean and log-variance

        b.Conv("decoder.conv_in", "decoder.conv_in", deepest, latent, 3);
        var previousOut = deepest;
        for (var level = 0; level < levels; level++)
        {
            var ldmLevel = levels - 1 - level;
            var outChannels = channels[ldmLevel];
            for (var j = 0; j <= layers; j++)
            {
                Resnet(b, $"decoder.up_blocks.{level}.resnets.{j}", $"decoder.up.{ldmLevel}.block.{j}",
                    j == 0 ? previousOut : outChannels, outChannels);
            }

            if (level < levels - 1)
            {
                b.Conv($"decoder.up_blocks.{level}.upsamplers.0.conv", $"decoder.up.{ldmLevel}.upsample.conv",
                    outChannels, outChannels, 3);
            }

            previousOut = outChannels;
        }

        MidBlock(b, "decoder.mid_block", "decoder.mid", deepest);
        b.Norm("decoder.conv_norm_out", "decoder.norm_out", top);
        b.Conv("decoder.conv_out", "decoder.conv_out", config.OutChannels, top, 3);

        b.Conv("quant_conv", "quant_conv", 2L * latent, 2L * latent, 1);
        b.Conv("post_quant_conv", "post_quant_conv", latent, latent, 1);
        return b.Mappings;
    }

    /// <summary>diffusers <c>UNetMidBlock2D</c> (attention registered before resnets) / LDM <c>mid</c>.</summary>
    private static void MidBlock(MappingBuilder b, string d, string f, long channels)
    {
        b.Norm(d + ".attentions.0.group_norm", f + ".attn_1.norm", channels);
        foreach (var (diffusersName, fileName) in new[] { ("to_q", "q"), ("to_k", "k"), ("to_v", "v"), ("to_out.0", "proj_out") })
        {
            b.Whole($"{d}.attentions.0.{diffusersName}.weight", new TensorShape(channels, channels),
                $"{f}.attn_1.{fileName}.weight", new TensorShape(channels, channels, 1, 1), TensorTransform.None);
            b.Same($"{d}.attentions.0.{diffusersName}.bias", $"{f}.attn_1.{fileName}.bias", new TensorShape(channels));
        }

        Resnet(b, d + ".resnets.0", f + ".block_1", channels, channels);
        Resnet(b, d + ".resnets.1", f + ".block_2", channels, channels);
    }

    /// <summary>diffusers <c>ResnetBlock2D</c> without time embedding / LDM <c>ResnetBlock</c>.</summary>
    private static void Resnet(MappingBuilder b, string d, string f, long inChannels, long outChannels)
    {
        b.Norm(d + ".norm1", f + ".norm1", inChannels);
        b.Conv(d + ".conv1", f + ".conv1", outChannels, inChannels, 3);
        b.Norm(d + ".norm2", f + ".norm2", outChannels);
        b.Conv(d + ".conv2", f + ".conv2", outChannels, outChannels, 3);
        if (inChannels != outChannels)
        {
            b.Conv(d + ".conv_shortcut", f + ".nin_shortcut", outChannels, inChannels, 1);
        }
    }

    private static void Validate(AutoencoderKLConfig config, int levels)
    {
        if (levels == 0 || config.DownBlockTypes.Count != levels || config.UpBlockTypes.Count != levels
            || config.DownBlockTypes.Any(t => t != "DownEncoderBlock2D") || config.UpBlockTypes.Any(t => t != "UpDecoderBlock2D"))
        {
            throw new UnsupportedArchitectureException(
                "The VAE needs one DownEncoderBlock2D and one UpDecoderBlock2D per block_out_channels entry.");
        }

        if (config.LayersPerBlock <= 0 || config.BlockOutChannels.Any(c => c <= 0 || c % config.NormNumGroups != 0))
        {
            throw new UnsupportedArchitectureException(
                $"Every VAE block_out_channels value must be positive and divisible by norm_num_groups ({config.NormNumGroups}).");
        }
    }
}
