using QuickFix.Demo;

namespace QuickFix.Evaluation;

/// <summary>
/// The scorer's classes: each attribute's labels in the demo data's label order (<c>captions.jsonl</c>), laid end to
/// end in one logit vector (objects, colours, backgrounds, styles).
/// </summary>
public static class ConceptLabels
{
    /// <summary>The attributes in logit order.</summary>
    public static IReadOnlyList<ConceptHead> Heads { get; } = Enum.GetValues<ConceptHead>();

    /// <summary>The labels of <paramref name="attribute"/>, in class order.</summary>
    public static IReadOnlyList<string> Of(ConceptHead attribute) => attribute switch
    {
        ConceptHead.Figure => [.. DemoConcepts.Objects.Select(DemoConcepts.Label)],
        ConceptHead.Color => [.. DemoConcepts.Colors.Select(DemoConcepts.Label)],
        ConceptHead.Background => [.. DemoConcepts.Backgrounds.Select(DemoConcepts.Label)],
        ConceptHead.Style => [.. DemoConcepts.Styles.Select(DemoConcepts.Label)],
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Unknown attribute."),
    };

    /// <summary>The attribute's lowercase name in files and reports.</summary>
    public static string Name(ConceptHead attribute) => attribute == ConceptHead.Figure ? "object" : attribute.ToString().ToLowerInvariant();

    /// <summary>All classes of all attributes.</summary>
    public static int Total => Heads.Sum(a => Of(a).Count);

    /// <summary>Where <paramref name="attribute"/>'s classes start in the logit vector.</summary>
    public static int Offset(ConceptHead attribute) => Heads.TakeWhile(a => a != attribute).Sum(a => Of(a).Count);

    /// <summary>The class index of each attribute of <paramref name="scene"/> (a role's character is its object and colour).</summary>
    public static int ClassOf(DemoScene scene, ConceptHead attribute) => attribute switch
    {
        ConceptHead.Figure => (int)scene.Figure,
        ConceptHead.Color => (int)scene.Color,
        ConceptHead.Background => (int)scene.Background,
        ConceptHead.Style => (int)scene.Style,
        _ => throw new ArgumentOutOfRangeException(nameof(attribute), attribute, "Unknown attribute."),
    };
}
