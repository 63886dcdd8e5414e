using System.Text.Json.Nodes;
using QuickFix.Evaluation;
using QuickFix.Imaging;
using QuickFix.Runtime;

namespace QuickFix.Tests.Evaluation;

/// <summary>A scorer folder loads only with the demo data's classes, and scores only images of its size.</summary>
public sealed class ConceptScorerTests
{
    [Fact]
    public void A_scorer_whose_classes_are_not_the_demo_datas_is_QF1601()
    {
        using var temp = new TemporaryDirectory();
        var folder = UntrainedScorer(temp);
        var configPath = Path.Combine(folder, ConceptScorer.ConfigFileName);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!;
        config["labels"]!["style"]!.AsArray().RemoveAt(0);
        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<ScorerException>(() => ConceptScorer.Load(folder));

        Assert.Equal(("QF1601", configPath), (error.Code, error.FilePath));
        Assert.StartsWith("the scorer's 'style' classes are not the demo data's; expected [photo, sketch, pixel-art, van-gogh, monet, mondrian]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_weights_are_QF1601_and_a_wrong_image_size_is_refused()
    {
        using var temp = new TemporaryDirectory();
        var folder = UntrainedScorer(temp);
        using (var scorer = ConceptScorer.Load(folder))
        {
            Assert.Equal(32, scorer.ImageSize);
            Assert.Throws<ArgumentException>(() => scorer.Score([new RgbImage(64, 64, Rgb.White)]));
        }

        File.Delete(Path.Combine(folder, ConceptScorer.WeightsFileName));
        var error = Assert.Throws<ScorerException>(() => ConceptScorer.Load(folder));
        Assert.Equal(("QF1601", Path.Combine(folder, ConceptScorer.WeightsFileName)), (error.Code, error.FilePath));
    }

    /// <summary>An untrained scorer folder as the trainer writes it.</summary>
    private static string UntrainedScorer(TemporaryDirectory temp)
    {
        TorchRuntime.EnsureLoaded();
        using var classifier = new ConceptClassifier([8, 16]);
        ConceptScorer.Save(classifier, 32, temp.File("scorer"), CancellationToken.None);
        return temp.File("scorer");
    }
}
