using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>What a synthesis wrote.</summary>
/// <param name="OutputPath">The full path of the folder (diffusers) or file (single file) written.</param>
/// <param name="Layout">The layout written.</param>
/// <param name="Tokenizer">Which vocabulary the tokenizer folders hold.</param>
/// <param name="TextVocabularySize">Entries of that vocabulary (the text embedding has this many rows in a tiny model).</param>
/// <param name="Files">Every file written: the weights files (in inventory order), then the diffusers config files, then the tokenizer files.</param>
public sealed record SynthesisResult(
    string OutputPath,
    CheckpointLayout Layout,
    SynthesisTokenizerKind Tokenizer,
    int TextVocabularySize,
    IReadOnlyList<SynthesizedFile> Files);
