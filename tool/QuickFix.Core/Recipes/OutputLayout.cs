namespace QuickFix.Recipes;

/// <summary>How the edited checkpoint is laid out (<c>output.layout</c>; spelled <c>same</c>, <c>diffusers</c>, <c>single-file</c>).</summary>
public enum OutputLayout
{
    /// <summary><c>same</c>: the base model's own layout.</summary>
    Same,

    /// <summary><c>diffusers</c>: a diffusers pipeline folder.</summary>
    Diffusers,

    /// <summary><c>single-file</c>: one LDM/SGM <c>.safetensors</c> file.</summary>
    SingleFile,
}
