namespace QuickFix.Checkpoints.Manifests;

/// <summary>A tensor whose bytes the build changed.</summary>
/// <param name="File">The output file holding it, relative to the manifest's folder.</param>
/// <param name="Tensor">Its name in that file.</param>
/// <param name="DType">Its dtype.</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Sha256Before">SHA-256 of the base bytes.</param>
/// <param name="Sha256After">SHA-256 of the written bytes.</param>
/// <param name="RelativeChange">‖W* − W₀‖_F / ‖W₀‖_F.</param>
public sealed record ManifestTensorChange(
    string File, string Tensor, string DType, IReadOnlyList<long> Shape, string Sha256Before, string Sha256After, double RelativeChange);
