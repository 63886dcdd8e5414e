namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Enumerates a transformers <c>CLIPTextModel</c>/<c>CLIPTextModelWithProjection</c> in module order
/// (<c>modeling_clip.py</c>: embeddings, <c>encoder.layers.N.{self_attn.{k,v,q,out}_proj, layer_norm1, mlp.fc1,
/// mlp.fc2, layer_norm2}</c>, <c>final_layer_norm</c>, then <c>text_projection</c>) and names each tensor in one of the
/// two single-file forms: HF names under a prefix (SD 1.x, SDXL embedder 0) or OpenCLIP names (SD 2.x, SDXL
/// embedder 1; renames per diffusers' <c>textenc_conversion_lst</c>, algorithm.md §7c).
/// </summary>
internal static class ClipTextLayout
{
    private const string PositionIdsName = "text_model.embeddings.position_ids";

    /// <summary>The single file stores the HF module tree under <paramref name="filePrefix"/>.</summary>
    public static ComponentLayout BuildHuggingFace(ClipTextConfig config, string diffusersFile, string filePrefix)
    {
        ArgumentNullException.ThrowIfNull(config);
        Validate(config);
        var b = new MappingBuilder(diffusersFile, filePrefix);
        long d = config.HiddenSize;
        long ffn = config.IntermediateSize;

        // position_ids is a buffer, registered before the embeddings' child modules (so it comes first).
        b.Same(PositionIdsName, PositionIdsName, new TensorShape(1, config.MaxPositionEmbeddings), TensorKind.Index,
            OptionalTensors.PositionIds);
        b.Linear("text_model.embeddings.token_embedding", "text_model.embeddings.token_embedding", config.VocabSize, d, bias: false);
        b.Linear("text_model.embeddings.position_embedding", "text_model.embeddings.position_embedding",
            config.MaxPositionEmbeddings, d, bias: false);
        for (var i = 0; i < config.NumHiddenLayers; i++)
        {
            var layer = $"text_model.encoder.layers.{i}";
            foreach (var projection in new[] { "k_proj", "v_proj", "q_proj", "out_proj" })
            {
                b.Linear($"{layer}.self_attn.{projection}", $"{layer}.self_attn.{projection}", d, d);
            }

            b.Norm(layer + ".layer_norm1", layer + ".layer_norm1", d);
            b.Linear(layer + ".mlp.fc1", layer + ".mlp.fc1", ffn, d);
            b.Linear(layer + ".mlp.fc2", layer + ".mlp.fc2", d, ffn);
            b.Norm(layer + ".layer_norm2", layer + ".layer_norm2", d);
        }

        b.Norm("text_model.final_layer_norm", "text_model.final_layer_norm", d);
        if (config.HasProjection)
        {
            b.Linear("text_projection", "text_projection", config.ProjectionDim, d, bias: false);
        }

        return new ComponentLayout(b.Mappings, [], []);
    }

    /// <summary>
    /// The single file stores the OpenCLIP text tower under <paramref name="filePrefix"/>, with
    /// <paramref name="storedLayers"/> resblocks (SD 2.x stores one more than diffusers keeps: SD 2 conditions on the
    /// penultimate layer, and diffusers' converter drops the last block).
    /// </summary>
    public static ComponentLayout BuildOpenClip(ClipTextConfig config, string diffusersFile, string filePrefix, int storedLayers)
    {
        ArgumentNullException.ThrowIfNull(config);
        Validate(config);
        ArgumentOutOfRangeException.ThrowIfLessThan(storedLayers, config.NumHiddenLayers);
        var b = new MappingBuilder(diffusersFile, filePrefix);
        long d = config.HiddenSize;
        long ffn = config.IntermediateSize;
        var fused = new TensorShape(3 * d, d);
        var fusedBias = new TensorShape(3 * d);

        b.Linear("text_model.embeddings.token_embedding", "token_embedding", config.VocabSize, d, bias: false);
        b.Whole("text_model.embeddings.position_embedding.weight", new TensorShape(config.MaxPositionEmbeddings, d),
            "positional_embedding", new TensorShape(config.MaxPositionEmbeddings, d), TensorTransform.None);
        for (var i = 0; i < config.NumHiddenLayers; i++)
        {
            var layer = $"text_model.encoder.layers.{i}";
            var block = $"transformer.resblocks.{i}";

            // in_proj rows are q | k | v (torch.nn.MultiheadAttention); HF registers k, v, q, out.
            foreach (var (projection, rowBlock) in new[] { ("k_proj", 1), ("v_proj", 2), ("q_proj", 0) })
            {
                b.Rows($"{layer}.self_attn.{projection}.weight", new TensorShape(d, d), block + ".attn.in_proj_weight", fused, rowBlock * d);
                b.Rows($"{layer}.self_attn.{projection}.bias", new TensorShape(d), block + ".attn.in_proj_bias", fusedBias, rowBlock * d);
            }

            b.Linear(layer + ".self_attn.out_proj", block + ".attn.out_proj", d, d);
            b.Norm(layer + ".layer_norm1", block + ".ln_1", d);
            b.Linear(layer + ".mlp.fc1", block + ".mlp.c_fc", ffn, d);
            b.Linear(layer + ".mlp.fc2", block + ".mlp.c_proj", d, ffn);
            b.Norm(layer + ".layer_norm2", block + ".ln_2", d);
        }

        b.Norm("text_model.final_layer_norm", "ln_final", d);

        var fileOnly = new List<ExtraTensor>
        {
            new(null, filePrefix + "logit_scale", new TensorShape(), TensorKind.Floating, OptionalTensors.None,
                "OpenCLIP's contrastive temperature; CLIP text models in diffusers have no slot for it."),
        };
        if (config.HasProjection)
        {
            // OpenCLIP multiplies x @ text_projection ([width, embed]); HF's Linear stores [embed, width].
            b.Whole("text_projection.weight", new TensorShape(config.ProjectionDim, d), "text_projection",
                new TensorShape(d, config.ProjectionDim), TensorTransform.Transpose);
        }
        else
        {
            // ViT-H/14's embed width equals its text width (1024), so the projection is square.
            fileOnly.Add(new(null, filePrefix + "text_projection", new TensorShape(d, d), TensorKind.Floating, OptionalTensors.None,
                "CLIPTextModel has no text_projection; SD 2.x does not use the pooled projection."));
        }

        for (var i = config.NumHiddenLayers; i < storedLayers; i++)
        {
            var block = $"{filePrefix}transformer.resblocks.{i}";
            const string reason = "Last OpenCLIP block: SD 2.x uses the penultimate layer, so diffusers does not keep it.";
            foreach (var (name, shape) in new (string, TensorShape)[]
            {
                (".ln_1.weight", new(d)), (".ln_1.bias", new(d)),
                (".attn.in_proj_weight", fused), (".attn.in_proj_bias", fusedBias),
                (".attn.out_proj.weight", new(d, d)), (".attn.out_proj.bias", new(d)),
                (".ln_2.weight", new(d)), (".ln_2.bias", new(d)),
                (".mlp.c_fc.weight", new(ffn, d)), (".mlp.c_fc.bias", new(ffn)),
                (".mlp.c_proj.weight", new(d, ffn)), (".mlp.c_proj.bias", new(d)),
            })
            {
                fileOnly.Add(new(null, block + name, shape, TensorKind.Floating, OptionalTensors.None, reason));
            }
        }

        var diffusersOnly = new ExtraTensor(diffusersFile, PositionIdsName, new TensorShape(1, config.MaxPositionEmbeddings),
            TensorKind.Index, OptionalTensors.PositionIds, "OpenCLIP has no position_ids buffer (positions are implicit).");
        return new ComponentLayout(b.Mappings, fileOnly, [diffusersOnly]);
    }

    private static void Validate(ClipTextConfig config)
    {
        if (config.HiddenSize <= 0 || config.NumAttentionHeads <= 0 || config.HiddenSize % config.NumAttentionHeads != 0
            || config.NumHiddenLayers <= 0 || config.IntermediateSize <= 0 || config.VocabSize <= 0 || config.MaxPositionEmbeddings <= 0)
        {
            throw new UnsupportedArchitectureException(
                $"CLIP text config is inconsistent: hidden_size {config.HiddenSize} must be divisible by num_attention_heads " +
                $"{config.NumAttentionHeads}, and layers, MLP width, vocabulary and positions must be positive.");
        }
    }
}
