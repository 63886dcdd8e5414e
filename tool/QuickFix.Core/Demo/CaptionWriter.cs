namespace QuickFix.Demo;

/// <summary>
/// Writes a scene's caption in natural phrasing: a subject ("a red circle", "an orange star", "Pip the robot", "the king
/// of the castle"), one of its background's phrases, and one of its style's templates around both, e.g. "a painting of a
/// cat at night by Van Gogh" or "the king of the castle on the beach, pixel art".
/// </summary>
public static class CaptionWriter
{
    /// <summary>The caption of <paramref name="scene"/>; its <see cref="DemoScene.Phrasing"/> picks template and phrase.</summary>
    public static string Write(DemoScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        var templates = DemoConcepts.Templates(scene.Style);
        var phrases = DemoConcepts.Phrases(scene.Background);
        // Two independent choices from one draw: the template from the low part, the phrase from the rest.
        var template = templates[(int)(scene.Phrasing % (uint)templates.Count)];
        var phrase = phrases[(int)(scene.Phrasing / (uint)templates.Count % (uint)phrases.Count)];
        return Compose(template, Subject(scene), phrase);
    }

    /// <summary>The subject phrase: the role, the named character, or article + colour + noun.</summary>
    public static string Subject(DemoScene scene)
    {
        ArgumentNullException.ThrowIfNull(scene);
        return scene.Role is { } role ? DemoConcepts.Phrase(role) : Subject(scene.Figure, scene.Color);
    }

    /// <summary>The subject phrase of an object outside any role: "Pip the robot", or "a red circle" / "an orange star".</summary>
    public static string Subject(DemoObject obj, DemoColor color)
    {
        if (DemoConcepts.IsNamed(obj))
        {
            return DemoConcepts.Noun(obj);
        }

        return WithArticle($"{DemoConcepts.Label(color)} {DemoConcepts.Noun(obj)}");
    }

    /// <summary>The phrase with its indefinite article: "a red circle", "an orange star", "an owl".</summary>
    public static string WithArticle(string phrase)
    {
        ArgumentException.ThrowIfNullOrEmpty(phrase);
        return $"{("aeiou".Contains(phrase[0], StringComparison.Ordinal) ? "an" : "a")} {phrase}";
    }

    /// <summary>Fills a style template with the subject and background phrase.</summary>
    internal static string Compose(string template, string subject, string backgroundPhrase) =>
        template.Replace(DemoConcepts.ScenePlaceholder, $"{subject} {backgroundPhrase}", StringComparison.Ordinal);
}
