namespace QuickFix.Checkpoints.Manifests;

/// <summary>The causal-trace gate's verdict.</summary>
/// <param name="Mode">require, warn or off.</param>
/// <param name="Confirmed">Whether every traced caption confirmed the edited component.</param>
/// <param name="Traces">One entry per traced caption and text encoder.</param>
public sealed record ManifestTrace(string Mode, bool Confirmed, IReadOnlyList<ManifestTraceEntry> Traces);
