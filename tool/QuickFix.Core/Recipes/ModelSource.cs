namespace QuickFix.Recipes;

/// <summary>
/// The base model (<c>model</c>): exactly one of <see cref="Path"/> (a diffusers folder, <c>.safetensors</c> or
/// <c>.ckpt</c> that exists) or <see cref="Synth"/>. <see cref="Tokenizer"/> is only allowed with <see cref="Path"/>.
/// </summary>
/// <param name="Path">The checkpoint on disk, or null for a synthesized model.</param>
/// <param name="Synth">The synthesized model, or null for a checkpoint on disk.</param>
/// <param name="Tokenizer">A tokenizer folder for single files that carry none, or null.</param>
public sealed record ModelSource(RecipePath? Path, SynthModelSpec? Synth, RecipePath? Tokenizer);
