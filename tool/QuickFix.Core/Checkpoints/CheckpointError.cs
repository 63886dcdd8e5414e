namespace QuickFix.Checkpoints;

/// <summary>Why a checkpoint could not be opened; the number is the last two digits of the error code (QF05xx).</summary>
public enum CheckpointError
{
    /// <summary>The path names neither a diffusers folder nor a checkpoint file.</summary>
    NotFound = 1,

    /// <summary>The tensors or configs match no supported family (SD 1.x, SD 2.x, SDXL).</summary>
    UnknownFamily = 3,

    /// <summary>A component the family needs (a text encoder's weights, a config) is missing.</summary>
    MissingComponent = 4,

    /// <summary>A component's <c>config.json</c> or <c>model_index.json</c> is not valid.</summary>
    InvalidConfig = 5,

    /// <summary>The file format is not one this version opens as a checkpoint (a <c>.bin</c> component file, an unknown extension).</summary>
    UnsupportedFormat = 6,

    /// <summary>The checkpoint has no tokenizer and none was given.</summary>
    MissingTokenizer = 7,

    /// <summary>A tensor the layout needs is absent or has an unexpected shape.</summary>
    UnexpectedTensor = 8,
}
