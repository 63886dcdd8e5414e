namespace QuickFix.Demo;

/// <summary>
/// What a demo scene shows: five filled shapes and five characters drawn from primitives. <see cref="Pip"/> is an
/// invented named character (the project draws no trademarked ones) with a fixed look, the stand-in for "Snoopy" in
/// the paper's object edits; <see cref="Robot"/> is the generic neighbour it would be edited into.
/// </summary>
/// <remarks>The numeric values are the classifier labels written to <c>captions.jsonl</c>; append, never reorder.</remarks>
public enum DemoObject
{
    /// <summary>A filled circle.</summary>
    Circle,

    /// <summary>A filled square.</summary>
    Square,

    /// <summary>A filled triangle, point up.</summary>
    Triangle,

    /// <summary>A five-pointed star.</summary>
    Star,

    /// <summary>A heart.</summary>
    Heart,

    /// <summary>A cat's face: round head, pointed ears, eyes, nose and whiskers.</summary>
    Cat,

    /// <summary>A frog: wide head, eyes on top, a wide mouth.</summary>
    Frog,

    /// <summary>An owl: upright body, ear tufts, big round eyes, a beak and a pale belly.</summary>
    Owl,

    /// <summary>A generic boxy robot: square head, two square eyes, rectangular body and arms.</summary>
    Robot,

    /// <summary>"Pip the robot": always orange, a dome head with one big eye, an antenna with a red ball, two wheels.</summary>
    Pip,
}
