using QuickFix.Checkpoints;

namespace QuickFix.Baking;

/// <summary>New bytes for one tensor of one base file.</summary>
/// <param name="File">The base file (as opened).</param>
/// <param name="RelativePath">The file's path relative to the checkpoint (the file name for a single file).</param>
/// <param name="Tensor">The tensor's name in the file.</param>
/// <param name="Bytes">The new bytes, in the tensor's dtype and layout.</param>
/// <param name="RelativeChange">‖W* − W₀‖_F / ‖W₀‖_F, for the manifest.</param>
internal sealed record TensorReplacement(SafetensorsFile File, string RelativePath, string Tensor, ReadOnlyMemory<byte> Bytes, double RelativeChange);
