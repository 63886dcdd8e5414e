namespace QuickFix.Recipes;

/// <summary>Which value vectors the solve fits (<c>method.targets</c>; algorithm.md §1.7 Q1).</summary>
public enum EditTargets
{
    /// <summary><c>bias-free</c>: <c>v = W₀·a_new</c>, so the edited layer reproduces the target activation exactly.</summary>
    BiasFree,

    /// <summary><c>reference</c>: <c>v = W₀·a_new + b₀</c>, the original code's targets (bias counted twice), to reproduce its numbers.</summary>
    Reference,
}
