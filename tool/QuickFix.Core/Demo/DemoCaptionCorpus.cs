namespace QuickFix.Demo;

/// <summary>
/// Every caption the <see cref="CaptionWriter"/> can write for a scene the <see cref="SceneSampler"/> can draw, each with
/// the attributes it names: the corpus the demo vocabulary is learnt from (so no caption of any seed has a word the
/// vocabulary lacks) and the table a test uses to prove that a caption names exactly its scene's attributes.
/// </summary>
public static class DemoCaptionCorpus
{
    /// <summary>One producible caption and what it names.</summary>
    /// <param name="Caption">The caption.</param>
    /// <param name="Figure">The object drawn (a role's character for a role).</param>
    /// <param name="Color">The colour drawn.</param>
    /// <param name="Background">The background named.</param>
    /// <param name="Style">The style named.</param>
    /// <param name="Role">The role named, or null.</param>
    public sealed record Entry(string Caption, DemoObject Figure, DemoColor Color, DemoBackground Background, DemoStyle Style, DemoRole? Role);

    /// <summary>The entries in a fixed order (subjects, backgrounds, phrases, styles, templates).</summary>
    public static IEnumerable<Entry> Entries()
    {
        foreach (var (obj, color, role) in Subjects())
        {
            foreach (var background in DemoConcepts.Backgrounds.Where(b => !DemoConcepts.Clashes(b, color)))
            {
                foreach (var phrase in DemoConcepts.Phrases(background))
                {
                    foreach (var style in DemoConcepts.Styles)
                    {
                        foreach (var template in DemoConcepts.Templates(style))
                        {
                            var subject = role is { } r ? DemoConcepts.Phrase(r) : CaptionWriter.Subject(obj, color);
                            yield return new Entry(CaptionWriter.Compose(template, subject, phrase), obj, color, background, style, role);
                        }
                    }
                }
            }
        }
    }

    /// <summary>The captions alone.</summary>
    public static IEnumerable<string> Captions() => Entries().Select(entry => entry.Caption);

    private static IEnumerable<(DemoObject Object, DemoColor Color, DemoRole? Role)> Subjects()
    {
        foreach (var obj in DemoConcepts.Objects)
        {
            if (DemoConcepts.SignatureColor(obj) is { } signature)
            {
                yield return (obj, signature, null);
                continue;
            }

            foreach (var color in DemoConcepts.Colors)
            {
                yield return (obj, color, null);
            }
        }

        foreach (var role in DemoConcepts.Roles)
        {
            var (obj, color) = DemoConcepts.Character(role);
            yield return (obj, color, role);
        }
    }
}
