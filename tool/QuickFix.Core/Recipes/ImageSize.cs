namespace QuickFix.Recipes;

/// <summary>An image size, written <c>WxH</c> in recipes (<c>512x512</c>): both sides positive multiples of 8, at most 8192.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct ImageSize(int Width, int Height)
{
    /// <summary>The recipe default, <c>512x512</c>.</summary>
    public static ImageSize Default { get; } = new(512, 512);

    /// <summary>The recipe spelling, <c>WxH</c>.</summary>
    public override string ToString() => FormattableString.Invariant($"{Width}x{Height}");
}
