namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Older spellings of tensor names found in circulating files, mapped to the names the inventories use.
/// </summary>
public static class LegacyTensorNames
{
    // A1111 chckpoint_dict_replacements (modules/sd_models.py): SD 1.x files written before transformers nested
    // the text tower under text_model. (algorithm.md §7b).
    private static readonly (string Legacy, string Current)[] SingleFilePrefixes =
    [
        ("cond_stage_model.transformer.embeddings.", "cond_stage_model.transformer.text_model.embeddings."),
        ("cond_stage_model.transformer.encoder.", "cond_stage_model.transformer.text_model.encoder."),
        ("cond_stage_model.transformer.final_layer_norm.", "cond_stage_model.transformer.text_model.final_layer_norm."),
    ];

    // diffusers' old AttentionBlock names of the VAE mid-block attention (released SD 1.5/2.1 vae files, 2022),
    // renamed on load by ModelMixin._fix_state_dict_keys_on_load.
    private static readonly (string Legacy, string Current)[] VaeAttentionSuffixes =
    [
        ("query", "to_q"), ("key", "to_k"), ("value", "to_v"), ("proj_attn", "to_out.0"),
    ];

    /// <summary>Maps a legacy SD 1.x single-file text-encoder name to its current name; other names are returned unchanged.</summary>
    public static string NormalizeSingleFileName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (legacy, current) in SingleFilePrefixes)
        {
            if (name.StartsWith(legacy, StringComparison.Ordinal))
            {
                return current + name[legacy.Length..];
            }
        }

        return name;
    }

    /// <summary>
    /// Maps a legacy diffusers VAE name (<c>{encoder,decoder}.mid_block.attentions.0.{query,key,value,proj_attn}.*</c>)
    /// to the current one (<c>to_q</c>, <c>to_k</c>, <c>to_v</c>, <c>to_out.0</c>); other names are returned unchanged.
    /// </summary>
    public static string NormalizeDiffusersVaeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var coder in new[] { "encoder.", "decoder." })
        {
            var prefix = coder + "mid_block.attentions.0.";
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var (legacy, current) in VaeAttentionSuffixes)
            {
                if (name.AsSpan(prefix.Length).StartsWith(legacy + ".", StringComparison.Ordinal))
                {
                    return prefix + current + name[(prefix.Length + legacy.Length)..];
                }
            }
        }

        return name;
    }
}
