namespace QuickFix.Editing;

/// <summary>Why an edit was refused; the number is the last two digits of the error code (QF06xx).</summary>
public enum EditError
{
    /// <summary>The options or edits are unusable (negative λ, layer out of range, empty edit list, bad template, a prompt over 75 CLIP tokens).</summary>
    InvalidOptions = 1,

    /// <summary>A tensor holds NaN or infinity (any weight the edit reads from the checkpoint, or a computed one).</summary>
    NonFinite = 2,

    /// <summary>λI + Σkkᵀ is not symmetric positive definite (λ = 0 with fewer independent keys than the width).</summary>
    SingularSystem = 3,

    /// <summary>A tensor the edit reads, or the edited one, is not F64, F32, F16 or BF16 (it could not be read as weights or written back).</summary>
    UnsupportedDType = 4,
}
