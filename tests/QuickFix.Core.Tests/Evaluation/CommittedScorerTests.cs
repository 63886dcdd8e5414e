using QuickFix.Demo;
using QuickFix.Evaluation;
using QuickFix.Tests.Recipes;

namespace QuickFix.Tests.Evaluation;

/// <summary>
/// The committed concept scorer (<c>models/demo/scorer</c>) reads held-out demo images (seed 2, which training never
/// sees) far above chance on every head; the thresholds sit a few points under the measured accuracies (README).
/// </summary>
public sealed class CommittedScorerTests
{
    private const int Items = 384;

    [Theory]
    [InlineData(ConceptHead.Figure, 0.9)]
    [InlineData(ConceptHead.Color, 0.9)]
    [InlineData(ConceptHead.Background, 0.8)]
    [InlineData(ConceptHead.Style, 0.95)]
    public void Reads_held_out_images_far_above_chance(ConceptHead head, double minimumAccuracy)
    {
        var dataset = new DemoDataset(2, 32);
        var items = Enumerable.Range(0, Items).Select(i => dataset.Item(i)).ToArray();
        using var scorer = ConceptScorer.Load(RepositoryFiles.Path("models", "demo", "scorer"));

        var scores = scorer.Score([.. items.Select(item => item.Image)]);

        var labels = ConceptLabels.Of(head);
        var accuracy = (double)items.Zip(scores).Count(pair => pair.Second.Label(head) == labels[ConceptLabels.ClassOf(pair.First.Scene, head)]) / Items;
        Assert.True(accuracy >= minimumAccuracy, $"{ConceptLabels.Name(head)}: {accuracy:P1} of {Items} held-out images (chance {1.0 / labels.Count:P0})");
    }
}
