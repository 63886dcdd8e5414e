namespace QuickFix.Checkpoints.Manifests;

/// <summary>The causal-trace gate's verdict.</summary>
/// <param name="Mode">require, warn or off.</param>
/// <param name="Confirmed">Whether every traced edit confirmed the edited component.</param>
/// <param name="Summary">One line per traced caption.</param>
public sealed record ManifestTrace(string Mode, bool Confirmed, IReadOnlyList<string> Summary);
