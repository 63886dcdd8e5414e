namespace QuickFix.Demo;

/// <summary>
/// Everything that decides one item's image and caption. For a role, <see cref="Figure"/> and <see cref="Color"/> are
/// the role's character; for a named character, its signature colour.
/// </summary>
/// <param name="Figure">The object drawn (figure against ground: a shape or a character).</param>
/// <param name="Color">The object's fill colour.</param>
/// <param name="Background">What is behind it.</param>
/// <param name="Style">How it is rendered.</param>
/// <param name="Role">The role the caption names instead of the object, or null.</param>
/// <param name="Placement">Position and size of the object.</param>
/// <param name="Phrasing">Random bits from which the caption writer picks its template and background phrase.</param>
/// <param name="TextureKey">Key of the renderer's own random draws (stars, strokes, dabs, Mondrian's grid, noise).</param>
public sealed record DemoScene(
    DemoObject Figure,
    DemoColor Color,
    DemoBackground Background,
    DemoStyle Style,
    DemoRole? Role,
    ScenePlacement Placement,
    uint Phrasing,
    ulong TextureKey)
{
    /// <summary>True when the caption names the colour: not for a role or a named character, whose colour is fixed.</summary>
    public bool MentionsColor => Role is null && !DemoConcepts.IsNamed(Figure);
}
