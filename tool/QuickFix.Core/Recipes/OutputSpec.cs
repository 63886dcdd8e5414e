namespace QuickFix.Recipes;

/// <summary>Where and how the edited checkpoint is written (<c>output</c>).</summary>
/// <param name="Path">A folder (diffusers) or file (single-file); never the base model, inside it, or a folder holding it.</param>
/// <param name="Layout">Default <see cref="OutputLayout.Same"/>.</param>
/// <param name="Delta">Also write a small file with only the edited tensors. Default false.</param>
public sealed record OutputSpec(RecipePath Path, OutputLayout Layout, bool Delta)
{
    /// <summary>Default of <c>output.layout</c>.</summary>
    public const OutputLayout DefaultLayout = OutputLayout.Same;

    /// <summary>Default of <c>output.delta</c>.</summary>
    public const bool DefaultDelta = false;
}
