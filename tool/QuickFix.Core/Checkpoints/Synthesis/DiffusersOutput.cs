using QuickFix.Checkpoints.Layouts;
using QuickFix.Text;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>What <see cref="CheckpointSynthesizer.WriteDiffusers"/> writes.</summary>
/// <param name="Target">The pipeline folder (replaced atomically if it exists).</param>
/// <param name="DType">The float dtype of the weights files.</param>
/// <param name="ConfigFor">The architecture, given the (first) tokenizer as written.</param>
/// <param name="TokenizerDirectory">The tokenizer folder to copy, or null for the tiny vocabulary.</param>
/// <param name="Padding">The first tokenizer's padding.</param>
/// <param name="Optional">Optional tensors to include.</param>
/// <param name="Metadata">The safetensors metadata of every weights file.</param>
/// <param name="Parallelism">Threads that encode tensor values (does not change the bytes).</param>
/// <param name="Values">The values of a tensor, given the inventory, its diffusers file (non-variant path) and spec.</param>
/// <param name="Kind">How the tokenizer came about (reported in the result).</param>
internal sealed record DiffusersOutput(
    string Target,
    TensorDType DType,
    Func<ClipTokenizer, StableDiffusionConfig> ConfigFor,
    string? TokenizerDirectory,
    PaddingStyle Padding,
    OptionalTensors Optional,
    IEnumerable<KeyValuePair<string, string>> Metadata,
    int Parallelism,
    Func<CheckpointInventory, string, TensorSpec, ITensorValues> Values,
    SynthesisTokenizerKind Kind);
