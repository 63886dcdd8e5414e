namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Tensors that released files may or may not carry (see the "optional" entries of the layout oracle). None of them
/// is read by inference code; they only matter for byte-faithful imitation of a particular file.
/// </summary>
[Flags]
public enum OptionalTensors
{
    /// <summary>Only the tensors every file of the layout has (what current diffusers/transformers save).</summary>
    None = 0,

    /// <summary>CLIP <c>embeddings.position_ids</c> (int64 [1, positions]); saved by transformers &lt;= 4.30.</summary>
    PositionIds = 1,

    /// <summary><c>model_ema.decay</c> (float) and <c>model_ema.num_updates</c> (int32) of SD 1.x/2.x single files.</summary>
    EmaCounters = 2,

    /// <summary><c>denoiser.sigmas</c> [num_train_timesteps] of SDXL single files.</summary>
    DenoiserSigmas = 4,

    /// <summary>Every optional tensor the layout knows.</summary>
    All = PositionIds | EmaCounters | DenoiserSigmas,
}
