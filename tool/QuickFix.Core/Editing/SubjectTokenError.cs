namespace QuickFix.Editing;

/// <summary>
/// How close the edited layer maps the anchor's last subject token to the target's (fixture metrics.json
/// <c>subject_token_out_proj</c>). With k the anchor's <c>out_proj</c> input at <see cref="AnchorPosition"/>, a the
/// target's at <see cref="TargetPosition"/>, v the value the edit fitted there (W₀a, plus b₀ in reference mode) and
/// rel(x, y) = ‖x − y‖/‖y‖.
/// </summary>
/// <param name="Edit">Index of the edit.</param>
/// <param name="Template">Index of the template.</param>
/// <param name="AnchorPrompt">The anchor prompt as encoded.</param>
/// <param name="TargetPrompt">The target prompt as encoded.</param>
/// <param name="AnchorPosition">i_a, the anchor's last subject token.</param>
/// <param name="TargetPosition">i_t, the target's last subject token.</param>
/// <param name="Before">rel(W₀k, W₀a): the original layer (the bias cancels).</param>
/// <param name="After">rel(W*k, v): how well the solve met its own target.</param>
/// <param name="AfterWithBias">
/// rel(W*k + b₀, W₀a + b₀): the edited layer's output against the target's original output. In reference mode it stays
/// large, because that mode fits W*k to W₀a + b₀ and the bias is then added again (algorithm.md §1.7 Q1).
/// </param>
public sealed record SubjectTokenError(
    int Edit,
    int Template,
    string AnchorPrompt,
    string TargetPrompt,
    int AnchorPosition,
    int TargetPosition,
    double Before,
    double After,
    double AfterWithBias);
