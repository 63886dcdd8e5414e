namespace QuickFix.Checkpoints.Layouts;

/// <summary>How a checkpoint's tensors are split into files and named.</summary>
public enum CheckpointLayout
{
    /// <summary>A diffusers pipeline folder: one safetensors file per component plus JSON configs.</summary>
    Diffusers,

    /// <summary>One file holding the whole original (LDM/sgm) state_dict, e.g. <c>v1-5-pruned-emaonly.safetensors</c>.</summary>
    SingleFile,
}
