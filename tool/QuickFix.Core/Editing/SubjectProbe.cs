namespace QuickFix.Editing;

/// <summary>
/// The last subject token of one (edit, template) prompt pair: pair <paramref name="Pair"/> (the first of its group)
/// has key <paramref name="Key"/> (the anchor's <c>out_proj</c> input there) and value <paramref name="Value"/>;
/// <paramref name="Target"/> is the target's bias-free layer output there, W₀·a_target[i_t].
/// </summary>
internal sealed record SubjectProbe(
    int Edit,
    int Template,
    string AnchorPrompt,
    string TargetPrompt,
    int AnchorPosition,
    int TargetPosition,
    int Pair,
    double[] Key,
    double[] Value,
    double[] Target);
