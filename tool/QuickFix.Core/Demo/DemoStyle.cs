namespace QuickFix.Demo;

/// <summary>
/// How a scene is rendered: each style is a post-process with its own unmistakable texture at 64 × 64, so that a small
/// classifier (or a fixed colour/gradient statistic) separates them. <see cref="VanGogh"/> is the style a demo edit
/// removes; <see cref="Monet"/>, <see cref="Mondrian"/> and <see cref="PixelArt"/> are the neighbours that must survive.
/// </summary>
/// <remarks>The numeric values are the classifier labels written to <c>captions.jsonl</c>; append, never reorder.</remarks>
public enum DemoStyle
{
    /// <summary>A photo: smooth shading lit from the top left, slight blur and sensor noise.</summary>
    Photo,

    /// <summary>A pencil sketch: white paper, dark outlines, diagonal hatching in the regions' colours.</summary>
    Sketch,

    /// <summary>Pixel art: 16 × 16 blocks, a 64-colour palette, a black outline around the sprite.</summary>
    PixelArt,

    /// <summary>Van Gogh: saturated colours smeared along swirling strokes, dark contours.</summary>
    VanGogh,

    /// <summary>Monet: soft pastel dabs of colour, no lines.</summary>
    Monet,

    /// <summary>Mondrian: the background becomes primary-colour blocks between thick black lines; the object is flat with a black outline.</summary>
    Mondrian,
}
