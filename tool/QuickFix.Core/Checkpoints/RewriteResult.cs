namespace QuickFix.Checkpoints;

/// <summary>What <see cref="SafetensorsRewriter.Rewrite"/> wrote.</summary>
/// <param name="Hashes">The file's hashes, computed while it was written.</param>
/// <param name="TensorDigests">One XxHash128 per tensor (<see cref="TensorDigests"/>).</param>
public sealed record RewriteResult(FileHashes Hashes, IReadOnlyDictionary<string, string> TensorDigests);
