using QuickFix.Checkpoints.Layouts;
namespace QuickFix.Recipes;

/// <summary>A deterministic random-weight base model that needs no download (<c>model.synth</c>, as <c>quickfix synth</c> writes it).</summary>
/// <param name="Family">The architecture family.</param>
/// <param name="Size">Tiny or full width.</param>
/// <param name="Seed">The generator seed, 0 or more.</param>
public sealed record SynthModelSpec(ModelFamily Family, ModelSize Size, long Seed);
