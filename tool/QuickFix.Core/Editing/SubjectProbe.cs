namespace QuickFix.Editing;

/// <summary>
/// The last subject token of one (edit, template) prompt pair: its key is pair <paramref name="Pair"/>'s key, and
/// <paramref name="Target"/> is the target's bias-free layer output there, W₀·a_target[i_t].
/// </summary>
internal sealed record SubjectProbe(
    int Edit, int Template, string AnchorPrompt, string TargetPrompt, int AnchorPosition, int TargetPosition, int Pair, double[] Target);
