using QuickFix.Demo;

namespace QuickFix.Tests.Demo;

/// <summary>Over many items every concept appears with about its intended frequency, and the sampler's rules hold.</summary>
public sealed class SceneSamplerCoverageTests
{
    private const int Count = 12_000;
    private static readonly DemoScene[] Scenes = [.. Enumerable.Range(0, Count).Select(i => SceneSampler.Sample(77, i))];

    [Fact]
    public void Styles_are_uniform()
    {
        foreach (var style in DemoConcepts.Styles)
        {
            Assert.InRange(Frequency(s => s.Style == style), (1 / 6.0) - 0.015, (1 / 6.0) + 0.015);
        }
    }

    [Fact]
    public void Each_role_is_one_in_twenty_and_each_object_shares_the_rest_equally()
    {
        foreach (var role in DemoConcepts.Roles)
        {
            Assert.InRange(Frequency(s => s.Role == role), 0.05 - 0.008, 0.05 + 0.008);
        }

        foreach (var obj in DemoConcepts.Objects)
        {
            Assert.InRange(Frequency(s => s.Role is null && s.Figure == obj), 0.085 - 0.01, 0.085 + 0.01);
        }
    }

    [Fact]
    public void Backgrounds_and_colours_are_near_uniform_after_the_clash_rule()
    {
        // Exact expectations differ a little from 1/6 and 1/8: the king (green) skips the field, and a clashing colour
        // shares its probability among the others for that background.
        foreach (var background in DemoConcepts.Backgrounds)
        {
            Assert.InRange(Frequency(s => s.Background == background), 0.145, 0.185);
        }

        foreach (var color in DemoConcepts.Colors)
        {
            Assert.InRange(Frequency(s => s.Role is null && !DemoConcepts.IsNamed(s.Figure) && s.Color == color), 0.08, 0.11);
        }
    }

    [Fact]
    public void Every_style_meets_every_object_role_and_background()
    {
        foreach (var style in DemoConcepts.Styles)
        {
            Assert.All(DemoConcepts.Objects, obj => Assert.Contains(Scenes, s => s.Style == style && s.Role is null && s.Figure == obj));
            Assert.All(DemoConcepts.Roles, role => Assert.Contains(Scenes, s => s.Style == style && s.Role == role));
            Assert.All(DemoConcepts.Backgrounds, background => Assert.Contains(Scenes, s => s.Style == style && s.Background == background));
        }
    }

    [Fact]
    public void Fixed_characters_keep_their_colours_and_no_colour_vanishes_into_its_background()
    {
        Assert.All(Scenes.Where(s => s.Role is not null), s => Assert.Equal(DemoConcepts.Character(s.Role!.Value), (s.Figure, s.Color)));
        Assert.All(Scenes.Where(s => s.Figure == DemoObject.Pip), s => Assert.Equal(DemoColor.Orange, s.Color));
        Assert.DoesNotContain(Scenes, s => DemoConcepts.Clashes(s.Background, s.Color));
    }

    [Fact]
    public void Placements_keep_the_object_inside_the_image()
    {
        Assert.All(Scenes, s =>
        {
            // Drawings stay within one half-size of the centre but for Pip's antenna ball (1.18 above) and wheels (1.02 below).
            Assert.InRange(s.Placement.CenterY - (1.18 * s.Placement.HalfSize), 0, 1);
            Assert.InRange(s.Placement.CenterY + (1.02 * s.Placement.HalfSize), 0, 1);
            Assert.InRange(s.Placement.CenterX - s.Placement.HalfSize, 0, 1);
            Assert.InRange(s.Placement.CenterX + s.Placement.HalfSize, 0, 1);
        });
    }

    private static double Frequency(Func<DemoScene, bool> predicate) => Scenes.Count(predicate) / (double)Count;
}
