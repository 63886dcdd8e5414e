using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// How a random tensor is initialised, from its name and shape, so that a synthesized network is numerically sane
/// (activations neither explode nor vanish through its depth): the scales of PyTorch's and CLIP's initialisers.
/// </summary>
internal static class InitializationRules
{
    /// <summary>Standard deviation of a token embedding (CLIP's <c>nn.init.normal_(std=0.02)</c>).</summary>
    public const double TokenEmbeddingStd = 0.02;

    /// <summary>Standard deviation of a position embedding (CLIP's <c>std=0.01</c>).</summary>
    public const double PositionEmbeddingStd = 0.01;

    /// <summary>Standard deviation of the noise around 1 on LayerNorm/GroupNorm weights.</summary>
    public const double NormWeightStd = 0.02;

    /// <summary>Standard deviation of biases (small, so that they do not dominate the weights' output).</summary>
    public const double BiasStd = 0.01;

    /// <summary>
    /// The distribution of tensor <paramref name="name"/> (diffusers or single-file name) of <paramref name="shape"/>:
    /// embeddings by name; rank-1 <c>*weight</c> = a norm's scale around 1; <c>*bias</c> small; every other weight of
    /// rank 2 or more (linear, conv, projection) with standard deviation <c>1/sqrt(fan_in)</c>, fan_in being the
    /// product of all dimensions but the first.
    /// </summary>
    /// <exception cref="UnsupportedArchitectureException">The tensor fits none of these patterns.</exception>
    public static UniformDistribution For(string name, TensorShape shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        if (name.Contains("token_embedding", StringComparison.Ordinal))
        {
            return UniformDistribution.WithStandardDeviation(0, TokenEmbeddingStd);
        }

        if (name.Contains("position_embedding", StringComparison.Ordinal) || name.Contains("positional_embedding", StringComparison.Ordinal))
        {
            return UniformDistribution.WithStandardDeviation(0, PositionEmbeddingStd);
        }

        if (shape.Rank == 1 && name.EndsWith("bias", StringComparison.Ordinal))
        {
            return UniformDistribution.WithStandardDeviation(0, BiasStd);
        }

        if (shape.Rank == 1 && name.EndsWith("weight", StringComparison.Ordinal))
        {
            return UniformDistribution.WithStandardDeviation(1, NormWeightStd);
        }

        if (shape.Rank >= 2)
        {
            var fanIn = shape.ElementCount / shape[0];
            return UniformDistribution.WithStandardDeviation(0, 1.0 / Math.Sqrt(Math.Max(fanIn, 1)));
        }

        throw new UnsupportedArchitectureException($"No initialisation rule for tensor '{name}' {shape}.");
    }
}
