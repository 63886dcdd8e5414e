namespace QuickFix.Checkpoints.Synthesis;

/// <summary>Which vocabulary a synthesized checkpoint's tokenizer folders hold.</summary>
public enum SynthesisTokenizerKind
{
    /// <summary>The project's tiny vocabulary (<see cref="QuickFix.Text.TinyVocabularyBuilder"/>), built in.</summary>
    Tiny,

    /// <summary><c>vocab.json</c> and <c>merges.txt</c> copied from <see cref="SynthesisOptions.TokenizerDirectory"/>.</summary>
    Copied,
}
