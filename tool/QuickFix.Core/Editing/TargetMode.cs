namespace QuickFix.Editing;

/// <summary>What a key is mapped to (algorithm.md §1.7, quirk Q1).</summary>
public enum TargetMode
{
    /// <summary>v = W₀·a_target: the edited layer then reproduces the target's output exactly, bias included once.</summary>
    BiasFree = 0,

    /// <summary>
    /// v = W₀·a_target + b₀, the original notebook's <c>out_proj</c> output; the bias is then counted twice at inference.
    /// Kept to reproduce the paper's numbers.
    /// </summary>
    Reference = 1,
}
