namespace QuickFix.Checkpoints.Manifests;

/// <summary>One traced caption: where the subject's information lives, and whether that is the edited component.</summary>
/// <param name="Encoder">The text encoder index.</param>
/// <param name="Prompt">The traced caption.</param>
/// <param name="Subject">The corrupted subject.</param>
/// <param name="Layer">The edited layer.</param>
/// <param name="Confirmed">Whether the edited component (self-attention of <paramref name="Layer"/>) was confirmed.</param>
/// <param name="Effect">Its normalised indirect effect (null when undefined).</param>
/// <param name="Rank">Its rank among the attention and MLP components (1 = strongest).</param>
/// <param name="BestLayer">The strongest component's layer.</param>
/// <param name="BestComponent">The strongest component.</param>
/// <param name="BestEffect">The strongest component's effect.</param>
/// <param name="Reason">The verdict in words.</param>
public sealed record ManifestTraceEntry(
    int Encoder, string Prompt, string Subject, int Layer, bool Confirmed, double? Effect, int? Rank,
    int BestLayer, string BestComponent, double? BestEffect, string Reason);
