using QuickFix.Demo;

namespace QuickFix.Evaluation;

/// <summary>
/// The probes of the demo's three edits (<see cref="DemoConcepts"/>), each edited concept with its neighbours: the
/// style Van Gogh (neighbours Monet, Mondrian, pixel art), Pip the robot edited into a robot (neighbours robot, cat,
/// owl) and "the king of the castle" updated from the frog to the owl (neighbours the other two roles and the frog).
/// </summary>
/// <remarks>
/// Prompts are written by the data's own <see cref="CaptionWriter"/> from scenes that cycle through objects, colours,
/// backgrounds, styles and phrasings, so they read like training captions but are chosen, not sampled.
/// </remarks>
public static class DemoProbes
{
    /// <summary>The edit that removes the style.</summary>
    public const string StyleEdit = "remove the style Van Gogh";

    /// <summary>The edit that removes the character.</summary>
    public const string ObjectEdit = "remove Pip the robot";

    /// <summary>The edit that updates the fact.</summary>
    public const string FactEdit = "update the king of the castle";

    /// <summary>Every probe with <paramref name="prompts"/> prompts each.</summary>
    public static IReadOnlyList<ConceptProbe> Create(int prompts)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(prompts);
        var probes = new List<ConceptProbe>();
        foreach (var style in (IEnumerable<DemoStyle>)[DemoConcepts.RemovedStyle, .. DemoConcepts.RemovedStyleNeighbours])
        {
            probes.Add(new ConceptProbe(
                StyleName(style), StyleEdit, style == DemoConcepts.RemovedStyle, ConceptHead.Style, DemoConcepts.Label(style), null,
                Prompts(prompts, i => Scene(GenericObject(i), style, i, role: null))));
        }

        foreach (var figure in (IEnumerable<DemoObject>)[DemoConcepts.RemovedObject, .. DemoConcepts.RemovedObjectNeighbours])
        {
            var edited = figure == DemoConcepts.RemovedObject;
            probes.Add(new ConceptProbe(
                edited ? DemoConcepts.Noun(figure) : CaptionWriter.WithArticle(DemoConcepts.Noun(figure)), ObjectEdit, edited, ConceptHead.Figure, DemoConcepts.Label(figure),
                edited ? DemoConcepts.Label(DemoConcepts.RemovedObjectReplacement) : null,
                Prompts(prompts, i => Scene(figure, AnyStyle(i), i, role: null))));
        }

        foreach (var role in (IEnumerable<DemoRole>)[DemoConcepts.UpdatedRole, .. DemoConcepts.UpdatedRoleNeighbours])
        {
            var edited = role == DemoConcepts.UpdatedRole;
            probes.Add(new ConceptProbe(
                DemoConcepts.Phrase(role), FactEdit, edited, ConceptHead.Figure, DemoConcepts.Label(DemoConcepts.Character(role).Object),
                edited ? DemoConcepts.Label(DemoConcepts.UpdatedRoleTarget) : null,
                Prompts(prompts, i => Scene(DemoConcepts.Character(role).Object, AnyStyle(i), i, role))));
        }

        var frog = DemoConcepts.Character(DemoConcepts.UpdatedRole).Object;
        probes.Add(new ConceptProbe(
            CaptionWriter.WithArticle(DemoConcepts.Noun(frog)), FactEdit, false, ConceptHead.Figure, DemoConcepts.Label(frog), null,
            Prompts(prompts, i => Scene(frog, AnyStyle(i), i, role: null))));
        return probes;
    }

    private static string[] Prompts(int count, Func<int, DemoScene> scene) => [.. Enumerable.Range(0, count).Select(i => CaptionWriter.Write(scene(i)))];

    /// <summary>
    /// Scene <paramref name="index"/>: the object (for style probes) cycles with period 9 and the background with period 6,
    /// shifted every 9 scenes; colour and phrasing cycle too, so that no two of the first 54 prompts are the same. A fixed
    /// colour (a role's character, a named one) skips the backgrounds it would vanish into, as the data does.
    /// </summary>
    private static DemoScene Scene(DemoObject figure, DemoStyle style, int index, DemoRole? role)
    {
        var backgrounds = DemoConcepts.Backgrounds;
        var fixedColor = role is { } r ? DemoConcepts.Character(r).Color : DemoConcepts.SignatureColor(figure);
        IReadOnlyList<DemoBackground> usable = fixedColor is { } c ? [.. backgrounds.Where(b => !DemoConcepts.Clashes(b, c))] : backgrounds;
        var background = usable[(index + (index / 9)) % usable.Count];
        var color = fixedColor ?? ColorFor(background, index);
        return new DemoScene(figure, color, background, style, role, new ScenePlacement(0.5, 0.5, 0.3), (uint)(index * 7), 0);
    }

    private static DemoColor ColorFor(DemoBackground background, int index)
    {
        var colors = DemoConcepts.Colors.Where(c => !DemoConcepts.Clashes(background, c)).ToArray();
        return colors[(index / DemoConcepts.Backgrounds.Count + index) % colors.Length];
    }

    /// <summary>The objects a style probe draws: the plain shapes and generic characters (not the named one).</summary>
    private static DemoObject GenericObject(int index)
    {
        var objects = DemoConcepts.Objects.Where(o => !DemoConcepts.IsNamed(o)).ToArray();
        return objects[index % objects.Length];
    }

    /// <summary>The styles an object probe cycles through: all but the removed one, so that style and object edits do not mix.</summary>
    private static DemoStyle AnyStyle(int index)
    {
        var styles = DemoConcepts.Styles.Where(s => s != DemoConcepts.RemovedStyle).ToArray();
        return styles[index % styles.Length];
    }

    private static string StyleName(DemoStyle style) => style switch
    {
        DemoStyle.VanGogh => "Van Gogh",
        DemoStyle.Monet => "Monet",
        DemoStyle.Mondrian => "Mondrian",
        DemoStyle.PixelArt => "pixel art",
        DemoStyle.Photo => "photo",
        _ => "sketch",
    };
}
