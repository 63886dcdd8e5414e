namespace QuickFix.Evaluation;

/// <summary>
/// One concept the evaluation measures: prompts that name it, and the label the scorer should see in their images.
/// </summary>
/// <param name="Name">The concept as people say it ("Van Gogh", "Pip the robot", "the king of the castle").</param>
/// <param name="Edit">The demo edit it belongs to ("remove the style Van Gogh").</param>
/// <param name="IsEdited">True for the concept the edit removes or updates; false for a neighbour that must survive it.</param>
/// <param name="Head">The attribute the scorer reads.</param>
/// <param name="Expected">The label the base model should draw (its presence rate is the share of images with it).</param>
/// <param name="EditedInto">For an edited concept that the edit replaces, the label it should become; else null.</param>
/// <param name="Prompts">The prompts, one image each; image <c>i</c> uses seed <c>seed + i</c> in every model.</param>
public sealed record ConceptProbe(
    string Name, string Edit, bool IsEdited, ConceptHead Head, string Expected, string? EditedInto, IReadOnlyList<string> Prompts);
