namespace QuickFix.Recipes;

/// <summary>The width of a synthesized base model (<c>model.synth.size</c>; spelled <c>tiny</c>, <c>full</c>).</summary>
public enum SynthSize
{
    /// <summary><c>tiny</c>: the family's module structure at small width (a few megabytes).</summary>
    Tiny,

    /// <summary><c>full</c>: the released architecture's shapes.</summary>
    Full,
}
