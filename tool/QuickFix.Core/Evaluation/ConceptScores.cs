namespace QuickFix.Evaluation;

/// <summary>What the scorer sees in one image.</summary>
/// <param name="Labels">Each attribute's most probable label ("object" → "frog", "style" → "van-gogh").</param>
/// <param name="Probabilities">Each class's softmax probability within its attribute, keyed "attribute/label".</param>
public sealed record ConceptScores(IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, double> Probabilities)
{
    /// <summary>The most probable label of <paramref name="attribute"/>.</summary>
    public string Label(ConceptHead attribute) => Labels[ConceptLabels.Name(attribute)];

    /// <summary>The probability that <paramref name="attribute"/> is <paramref name="label"/>.</summary>
    public double Probability(ConceptHead attribute, string label) => Probabilities[$"{ConceptLabels.Name(attribute)}/{label}"];
}
