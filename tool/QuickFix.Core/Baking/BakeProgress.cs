namespace QuickFix.Baking;

/// <summary>A milestone of a bake, for progress displays.</summary>
/// <param name="Stage">The stage reached.</param>
/// <param name="Detail">What is being done, in a few words.</param>
public sealed record BakeProgress(BakeStage Stage, string Detail);
