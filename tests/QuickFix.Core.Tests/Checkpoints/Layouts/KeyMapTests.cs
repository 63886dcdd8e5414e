using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tests.Checkpoints.Layouts;

public sealed class KeyMapTests
{
    [Theory]
    [InlineData("sd15", ModelFamily.SD15)]
    [InlineData("sd21", ModelFamily.SD21)]
    public void Every_single_file_tensor_maps_onto_the_diffusers_oracle_or_is_a_listed_extra(string checkpoint, ModelFamily family)
    {
        var map = CheckpointKeyMap.Create(StableDiffusionConfig.Full(family));
        var diffusers = LayoutOracle.Diffusers(checkpoint)
            .SelectMany(file => file.Value.Select(e => (File: file.Key, e.Name, e.Shape)))
            .ToDictionary(e => (e.File, e.Name), e => e.Shape);
        var fileOnly = map.FileOnlyTensors.Select(e => e.Name).ToHashSet();
        var reached = new HashSet<(string, string)>();

        foreach (var entry in LayoutOracle.SingleFile(checkpoint))
        {
            var mappings = map.FindByFileName(entry.Name);
            if (mappings.Count == 0)
            {
                Assert.Contains(entry.Name, fileOnly);
                continue;
            }

            Assert.DoesNotContain(entry.Name, fileOnly);
            foreach (var mapping in mappings)
            {
                Assert.Equal(entry.Shape, mapping.FileShape);
                Assert.Equal(diffusers[(mapping.DiffusersFile, mapping.DiffusersName)], mapping.DiffusersShape);
                Assert.True(reached.Add((mapping.DiffusersFile, mapping.DiffusersName)), $"{mapping.DiffusersName} reached twice");
                Assert.Same(mapping, map.FindByDiffusersName(mapping.DiffusersFile, mapping.DiffusersName));
            }
        }

        // Back: every diffusers tensor is reached from the single file, except the diffusers-only ones.
        var diffusersOnly = map.DiffusersOnlyTensors.Select(e => (e.DiffusersFile!, e.Name)).ToHashSet();
        Assert.Empty(diffusers.Keys.Except(reached).Except(diffusersOnly));
        Assert.Empty(reached.Intersect(diffusersOnly));
    }

    [Theory]
    [InlineData(ModelFamily.SD15, 0)]
    [InlineData(ModelFamily.SD21, 23 * 6)]
    [InlineData(ModelFamily.SDXL, 32 * 6)]
    public void Mapping_is_a_bijection_except_for_fused_in_proj_row_blocks(ModelFamily family, int rowBlockMappings)
    {
        var map = CheckpointKeyMap.Create(StableDiffusionConfig.Full(family));

        Assert.Equal(map.Mappings.Count, map.Mappings.Select(m => (m.DiffusersFile, m.DiffusersName)).Distinct().Count());
        Assert.Equal(rowBlockMappings, map.Mappings.Count(m => !m.IsWholeTensor));
        foreach (var group in map.Mappings.GroupBy(m => m.FileName))
        {
            if (group.Count() == 1)
            {
                Assert.True(group.Single().IsWholeTensor);
                Assert.Equal(group.Single().FileShape.ElementCount, group.Single().DiffusersShape.ElementCount);
                continue;
            }

            // q | k | v: three disjoint row blocks covering the fused tensor exactly, in that order.
            var blocks = map.FindByFileName(group.Key);
            Assert.Equal(3, blocks.Count);
            Assert.EndsWith(".q_proj." + group.Key.Split('_')[^1], blocks[0].DiffusersName, StringComparison.Ordinal);
            Assert.EndsWith(".k_proj." + group.Key.Split('_')[^1], blocks[1].DiffusersName, StringComparison.Ordinal);
            Assert.EndsWith(".v_proj." + group.Key.Split('_')[^1], blocks[2].DiffusersName, StringComparison.Ordinal);
            var d = blocks[0].FileShape[0] / 3;
            Assert.Equal([0L, d, 2 * d], blocks.Select(b => b.RowStart));
            Assert.All(blocks, b => Assert.Equal(d, b.RowCount));
            Assert.All(blocks, b => Assert.Equal(b.FileShape.ElementCount / 3, b.DiffusersShape.ElementCount));
        }
    }

    [Fact]
    public void Sd21_stored_extras_are_the_dropped_24th_block_the_projection_and_logit_scale()
    {
        var map = CheckpointKeyMap.Create(StableDiffusionConfig.Full(ModelFamily.SD21));
        var textExtras = map.FileOnlyTensors.Where(e => e.Name.StartsWith("cond_stage_model.", StringComparison.Ordinal)).ToList();

        Assert.Equal(14, textExtras.Count);
        Assert.Equal(12, textExtras.Count(e => e.Name.StartsWith("cond_stage_model.model.transformer.resblocks.23.", StringComparison.Ordinal)));
        Assert.Contains(textExtras, e => e.Name == "cond_stage_model.model.logit_scale" && e.Shape.Rank == 0);
        Assert.Contains(textExtras, e => e.Name == "cond_stage_model.model.text_projection" && e.Shape.Equals(new TensorShape(1024, 1024)));
        var diffusersOnly = Assert.Single(map.DiffusersOnlyTensors);
        Assert.Equal(("text_model.embeddings.position_ids", TensorKind.Index), (diffusersOnly.Name, diffusersOnly.Kind));
    }

    [Fact]
    public void Sdxl_maps_both_embedders_and_transposes_the_open_clip_projection()
    {
        var map = CheckpointKeyMap.Create(StableDiffusionConfig.Full(ModelFamily.SDXL));

        var te1 = Assert.Single(map.FindByFileName("conditioner.embedders.0.transformer.text_model.encoder.layers.0.self_attn.out_proj.weight"));
        Assert.Equal((DiffusersFiles.TextEncoder, "text_model.encoder.layers.0.self_attn.out_proj.weight"), (te1.DiffusersFile, te1.DiffusersName));
        var te2 = Assert.Single(map.FindByFileName("conditioner.embedders.1.model.transformer.resblocks.0.attn.out_proj.weight"));
        Assert.Equal((DiffusersFiles.TextEncoder2, "text_model.encoder.layers.0.self_attn.out_proj.weight"), (te2.DiffusersFile, te2.DiffusersName));
        var projection = Assert.Single(map.FindByFileName("conditioner.embedders.1.model.text_projection"));
        Assert.Equal(("text_projection.weight", TensorTransform.Transpose), (projection.DiffusersName, projection.Transform));
        var fc1 = Assert.Single(map.FindByFileName("conditioner.embedders.1.model.transformer.resblocks.31.mlp.c_fc.weight"));
        Assert.Equal(("text_model.encoder.layers.31.mlp.fc1.weight", new TensorShape(5120, 1280)), (fc1.DiffusersName, fc1.DiffusersShape));
        var label = Assert.Single(map.FindByFileName("model.diffusion_model.label_emb.0.0.weight"));
        Assert.Equal("add_embedding.linear_1.weight", label.DiffusersName);
        var upsampler = Assert.Single(map.FindByFileName("model.diffusion_model.output_blocks.2.2.conv.weight"));
        Assert.Equal("up_blocks.0.upsamplers.0.conv.weight", upsampler.DiffusersName);
        Assert.Equal(["conditioner.embedders.1.model.logit_scale", "denoiser.sigmas"], map.FileOnlyTensors.Select(e => e.Name).Order());
    }

    [Fact]
    public void Vae_mid_block_attention_is_the_only_reshape()
    {
        var map = CheckpointKeyMap.Create(StableDiffusionConfig.Full(ModelFamily.SD15));

        var reshaped = map.Mappings.Where(m => !m.FileShape.Equals(m.DiffusersShape) && m.IsWholeTensor).ToList();
        Assert.Equal(8, reshaped.Count);
        Assert.All(reshaped, m => Assert.Equal(TensorTransform.None, m.Transform));
        Assert.All(reshaped, m => Assert.Equal(new TensorShape(512, 512, 1, 1), m.FileShape));
        Assert.All(reshaped, m => Assert.Equal(new TensorShape(512, 512), m.DiffusersShape));
        Assert.Equal("first_stage_model.decoder.mid.attn_1.proj_out.weight",
            map.FindByDiffusersName(DiffusersFiles.Vae, "decoder.mid_block.attentions.0.to_out.0.weight")!.FileName);
    }

    [Fact]
    public void Legacy_names_normalize_to_the_inventory_names()
    {
        Assert.Equal("cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.out_proj.weight",
            LegacyTensorNames.NormalizeSingleFileName("cond_stage_model.transformer.encoder.layers.0.self_attn.out_proj.weight"));
        Assert.Equal("model.diffusion_model.out.0.weight", LegacyTensorNames.NormalizeSingleFileName("model.diffusion_model.out.0.weight"));
        var map = CheckpointKeyMap.Create(StableDiffusionConfig.Full(ModelFamily.SD15));
        Assert.Equal("text_model.embeddings.token_embedding.weight",
            Assert.Single(map.FindByFileName("cond_stage_model.transformer.embeddings.token_embedding.weight")).DiffusersName);

        var legacy = LayoutOracle.DiffusersVaeFile("sd15")["released_file_legacy_names"]!["current_to_legacy"]!.AsObject();
        Assert.Equal(16, legacy.Count);
        foreach (var (current, old) in legacy)
        {
            Assert.Equal(current, LegacyTensorNames.NormalizeDiffusersVaeName((string)old!));
        }

        Assert.Equal("encoder.mid_block.attentions.0.group_norm.weight",
            LegacyTensorNames.NormalizeDiffusersVaeName("encoder.mid_block.attentions.0.group_norm.weight"));
    }
}
