namespace QuickFix.Sampling;

/// <summary>What the denoising model predicts: diffusers' <c>prediction_type</c>.</summary>
internal enum PredictionKind
{
    /// <summary><c>epsilon</c>: the added noise (SD 1.x, SD 2.x base, SDXL).</summary>
    Epsilon,

    /// <summary><c>v_prediction</c>: <c>v = sqrt(ᾱ) ε − sqrt(1 − ᾱ) x_0</c> (SD 2.x 768).</summary>
    VPrediction,

    /// <summary><c>sample</c>: <c>x_0</c> itself.</summary>
    Sample,
}
