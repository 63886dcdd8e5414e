namespace QuickFix.Editing;

/// <summary>Why an edit was refused; the number is the last two digits of the error code (QF06xx).</summary>
public enum EditError
{
    /// <summary>The options or edits are unusable (negative λ, layer out of range, empty edit list, bad template).</summary>
    InvalidOptions = 1,

    /// <summary>A tensor holds NaN or infinity (the weight read from the checkpoint, or a computed one).</summary>
    NonFinite = 2,

    /// <summary>λI + Σkkᵀ is not symmetric positive definite (λ = 0 with fewer independent keys than the width).</summary>
    SingularSystem = 3,

    /// <summary>The edited tensor's dtype cannot be written back (not F64, F32, F16 or BF16).</summary>
    UnsupportedDType = 4,
}
