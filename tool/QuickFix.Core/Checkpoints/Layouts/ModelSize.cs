namespace QuickFix.Checkpoints.Layouts;

/// <summary>Which width of a family's architecture to use.</summary>
public enum ModelSize
{
    /// <summary>The same module structure at tiny width, so that a whole checkpoint is a few megabytes (tests, demos).</summary>
    Tiny,

    /// <summary>The released architecture.</summary>
    Full,
}
