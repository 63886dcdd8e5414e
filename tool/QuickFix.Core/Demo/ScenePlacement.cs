namespace QuickFix.Demo;

/// <summary>Where the object sits, as fractions of the image side, so a scene renders alike at any size.</summary>
/// <param name="CenterX">Horizontal centre, 0 = left edge, 1 = right edge.</param>
/// <param name="CenterY">Vertical centre, 0 = top, 1 = bottom.</param>
/// <param name="HalfSize">Half the object's extent.</param>
public readonly record struct ScenePlacement(double CenterX, double CenterY, double HalfSize);
