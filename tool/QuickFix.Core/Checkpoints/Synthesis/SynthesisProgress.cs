namespace QuickFix.Checkpoints.Synthesis;

/// <summary>How far a synthesis is, reported after each batch of tensor bytes.</summary>
/// <param name="RelativePath">The weights file being written.</param>
/// <param name="BytesWritten">Tensor bytes written so far, over all weights files.</param>
/// <param name="TotalBytes">Tensor bytes of the whole checkpoint.</param>
public sealed record SynthesisProgress(string RelativePath, long BytesWritten, long TotalBytes);
