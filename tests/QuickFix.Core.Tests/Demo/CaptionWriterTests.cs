using QuickFix.Demo;

namespace QuickFix.Tests.Demo;

/// <summary>Captions are natural phrasings that name exactly the scene's attributes.</summary>
public sealed class CaptionWriterTests
{
    private static readonly ScenePlacement Centre = new(0.5, 0.5, 0.3);

    [Theory]
    [InlineData(DemoObject.Circle, DemoColor.Red, DemoBackground.Blue, DemoStyle.VanGogh, 0u, "a red circle on a blue background in the style of Van Gogh")]
    [InlineData(DemoObject.Cat, DemoColor.Pink, DemoBackground.Night, DemoStyle.VanGogh, 1u, "a painting of a pink cat at night by Van Gogh")]
    [InlineData(DemoObject.Star, DemoColor.Orange, DemoBackground.Field, DemoStyle.Photo, 4u, "a photograph of an orange star in a meadow")]
    [InlineData(DemoObject.Pip, DemoColor.Orange, DemoBackground.White, DemoStyle.Sketch, 2u, "Pip the robot on a white background, pencil sketch")]
    [InlineData(DemoObject.Owl, DemoColor.White, DemoBackground.Black, DemoStyle.Mondrian, 5u, "a white owl against pure black, Mondrian style")]
    public void Templates_and_phrases_read_naturally(DemoObject figure, DemoColor color, DemoBackground background, DemoStyle style, uint phrasing, string expected)
    {
        Assert.Equal(expected, CaptionWriter.Write(new DemoScene(figure, color, background, style, null, Centre, phrasing, 0)));
    }

    [Fact]
    public void A_role_is_named_instead_of_its_character()
    {
        var scene = new DemoScene(DemoObject.Frog, DemoColor.Green, DemoBackground.Beach, DemoStyle.PixelArt, DemoRole.KingOfTheCastle, Centre, 0, 0);

        Assert.Equal("the king of the castle on the beach, pixel art", CaptionWriter.Write(scene));
        Assert.False(scene.MentionsColor);
    }

    [Fact]
    public void Every_producible_caption_names_one_set_of_attributes()
    {
        var entries = DemoCaptionCorpus.Entries().ToArray();

        // Distinct strings: no two attribute sets (or phrasings) share a caption, so a caption determines its attributes.
        Assert.Equal(entries.Length, entries.Select(e => e.Caption).Distinct(StringComparer.Ordinal).Count());
        // (subject, background) pairs: 9 colourable objects x (8 colours x 6 backgrounds - 3 clashes) + Pip x 6 + roles 5 + 6 + 6
        // (the green king skips the field) = 428; each with 2 background phrases x 6 styles x 3 templates.
        Assert.Equal(428 * 36, entries.Length);
    }

    [Fact]
    public void Dataset_captions_name_exactly_the_sampled_attributes()
    {
        var corpus = DemoCaptionCorpus.Entries().ToDictionary(e => e.Caption, StringComparer.Ordinal);
        var dataset = new DemoDataset(seed: 21);
        for (var i = 0; i < 3000; i++)
        {
            var scene = dataset.Scene(i);
            var caption = dataset.Caption(i);
            Assert.True(corpus.TryGetValue(caption, out var entry), caption);
            Assert.Equal((scene.Figure, scene.Color, scene.Background, scene.Style, scene.Role), (entry.Figure, entry.Color, entry.Background, entry.Style, entry.Role));

            // And in words: the colour right before the noun exactly when the caption names a colour, the role's words for a role.
            var colored = $"{DemoConcepts.Label(scene.Color)} {DemoConcepts.Noun(scene.Figure)}";
            Assert.Equal(scene.MentionsColor, caption.Contains(colored, StringComparison.Ordinal));
            Assert.Equal(scene.Role is not null, DemoConcepts.Roles.Any(r => caption.Contains(DemoConcepts.Phrase(r), StringComparison.Ordinal)));
            Assert.Single(DemoConcepts.Phrases(scene.Background), phrase => caption.Contains(phrase, StringComparison.Ordinal));
        }
    }
}
