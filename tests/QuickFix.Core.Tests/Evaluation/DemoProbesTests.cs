using QuickFix.Demo;
using QuickFix.Evaluation;

namespace QuickFix.Tests.Evaluation;

/// <summary>The probes name what they measure, and only that: a neighbour's prompts never mention the edited concept.</summary>
public sealed class DemoProbesTests
{
    private static readonly IReadOnlyList<ConceptProbe> Probes = DemoProbes.Create(24);

    [Fact]
    public void Each_edit_has_one_edited_concept_and_its_neighbours()
    {
        Assert.Equal(
            [(DemoProbes.StyleEdit, 4), (DemoProbes.ObjectEdit, 4), (DemoProbes.FactEdit, 4)],
            Probes.GroupBy(p => p.Edit).Select(g => (g.Key, g.Count())));
        Assert.All(Probes.GroupBy(p => p.Edit), g => Assert.Single(g, p => p.IsEdited));
        Assert.Equal(
            ["Van Gogh/van-gogh", "Pip the robot/pip>robot", "the king of the castle/frog>owl"],
            Probes.Where(p => p.IsEdited).Select(p => $"{p.Name}/{p.Expected}{(p.EditedInto is { } into ? ">" + into : string.Empty)}"));
        Assert.All(Probes, p => Assert.Equal(24, p.Prompts.Count));
    }

    [Fact]
    public void Prompts_name_their_concept_and_neighbours_never_name_the_edited_one()
    {
        foreach (var probe in Probes)
        {
            Assert.All(probe.Prompts, prompt => Assert.Contains(Words(probe), prompt, StringComparison.Ordinal));
            foreach (var edited in Probes.Where(p => p.IsEdited && p.Edit == probe.Edit && p != probe))
            {
                Assert.All(probe.Prompts, prompt => Assert.DoesNotContain(Words(edited), prompt, StringComparison.Ordinal));
            }
        }

        // Every style probe varies its objects and backgrounds; no prompt repeats within a probe of 24.
        Assert.All(Probes, p => Assert.Equal(p.Prompts.Count, p.Prompts.Distinct().Count()));
    }

    [Fact]
    public void Prompts_are_captions_the_demo_data_could_write()
    {
        var corpus = DemoCaptionCorpus.Captions().ToHashSet(StringComparer.Ordinal);

        Assert.All(Probes.SelectMany(p => p.Prompts), prompt => Assert.Contains(prompt, corpus));
        Assert.Equal(Probes.SelectMany(p => p.Prompts), DemoProbes.Create(24).SelectMany(p => p.Prompts));
    }

    /// <summary>The words a probe's prompts must contain: the style's or role's phrase, or the object's noun.</summary>
    private static string Words(ConceptProbe probe) => probe.Head == ConceptHead.Style
        ? probe.Name switch { "pixel art" => "pixel art", var name => name }
        : probe.Name.StartsWith("a ", StringComparison.Ordinal) ? probe.Name[2..] : probe.Name.StartsWith("an ", StringComparison.Ordinal) ? probe.Name[3..] : probe.Name;
}
