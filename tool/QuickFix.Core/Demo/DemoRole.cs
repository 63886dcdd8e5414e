namespace QuickFix.Demo;

/// <summary>
/// A "fact": a role that the data always draws as one particular character in one colour, so that the caption names
/// the role and never the character. <see cref="KingOfTheCastle"/> is the fact a demo edit updates (from the green frog
/// to the owl); the other roles are the neighbours that must keep their characters.
/// </summary>
/// <remarks>The numeric values are the classifier labels written to <c>captions.jsonl</c>; append, never reorder.</remarks>
public enum DemoRole
{
    /// <summary>"the king of the castle": the green frog.</summary>
    KingOfTheCastle,

    /// <summary>"the queen of the garden": the purple cat.</summary>
    QueenOfTheGarden,

    /// <summary>"the captain of the ship": the red robot.</summary>
    CaptainOfTheShip,
}
