namespace QuickFix.Demo;

/// <summary>The colour an object is filled with (its body colour for characters).</summary>
/// <remarks>The numeric values are the classifier labels written to <c>captions.jsonl</c>; append, never reorder.</remarks>
public enum DemoColor
{
    /// <summary>Red.</summary>
    Red,

    /// <summary>Orange (Pip's only colour).</summary>
    Orange,

    /// <summary>Yellow.</summary>
    Yellow,

    /// <summary>Green.</summary>
    Green,

    /// <summary>Blue.</summary>
    Blue,

    /// <summary>Purple.</summary>
    Purple,

    /// <summary>Pink.</summary>
    Pink,

    /// <summary>White.</summary>
    White,
}
