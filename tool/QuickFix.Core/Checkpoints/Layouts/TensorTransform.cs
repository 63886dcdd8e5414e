namespace QuickFix.Checkpoints.Layouts;

/// <summary>How the selected rows of a single-file tensor become the diffusers tensor.</summary>
public enum TensorTransform
{
    /// <summary>
    /// The bytes of the row block are the diffusers tensor's bytes, in order. The shapes may still differ by unit
    /// dimensions (VAE mid-block attention: 1x1 conv <c>[c, c, 1, 1]</c> in the file, linear <c>[c, c]</c> in diffusers).
    /// </summary>
    None,

    /// <summary>The diffusers tensor is the transpose of the file tensor (OpenCLIP <c>text_projection</c>).</summary>
    Transpose,
}
