using QuickFix.Demo;

namespace QuickFix.Evaluation;

/// <summary>What the concept scorer recognises in a demo image: one classification head per attribute of the demo data.</summary>
public enum ConceptHead
{
    /// <summary>The object drawn (<see cref="DemoObject"/>, label "object"; a role is scored as its character).</summary>
    Figure,

    /// <summary>The object's colour (<see cref="DemoColor"/>).</summary>
    Color,

    /// <summary>The background (<see cref="DemoBackground"/>).</summary>
    Background,

    /// <summary>The rendering style (<see cref="DemoStyle"/>).</summary>
    Style,
}
