using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// The catalogue of the demo data: every object, colour, background, style and role with the words that name it in
/// captions, its label in <c>captions.jsonl</c>, the colours it is drawn in, and which concepts the demo edits remove
/// or update and which neighbours must survive them.
/// </summary>
/// <remarks>
/// Phrases are chosen so that a caption names each attribute in exactly one place (no colour word inside a style or
/// role phrase, no background phrase inside a style phrase): the caption determines the scene's attributes, which is
/// what lets a text encoder learn them and a test check them.
/// </remarks>
public static class DemoConcepts
{
    /// <summary>The placeholder a style template's scene phrase replaces.</summary>
    public const string ScenePlaceholder = "{scene}";

    /// <summary>Every object, in label order.</summary>
    public static IReadOnlyList<DemoObject> Objects { get; } = Enum.GetValues<DemoObject>();

    /// <summary>Every colour, in label order.</summary>
    public static IReadOnlyList<DemoColor> Colors { get; } = Enum.GetValues<DemoColor>();

    /// <summary>Every background, in label order.</summary>
    public static IReadOnlyList<DemoBackground> Backgrounds { get; } = Enum.GetValues<DemoBackground>();

    /// <summary>Every style, in label order.</summary>
    public static IReadOnlyList<DemoStyle> Styles { get; } = Enum.GetValues<DemoStyle>();

    /// <summary>Every role, in label order.</summary>
    public static IReadOnlyList<DemoRole> Roles { get; } = Enum.GetValues<DemoRole>();

    /// <summary>The style the demo's removal edit targets ("Van Gogh").</summary>
    public static DemoStyle RemovedStyle => DemoStyle.VanGogh;

    /// <summary>Styles that must look unchanged after <see cref="RemovedStyle"/> is removed.</summary>
    public static IReadOnlyList<DemoStyle> RemovedStyleNeighbours { get; } = [DemoStyle.Monet, DemoStyle.Mondrian, DemoStyle.PixelArt];

    /// <summary>The object the demo's removal edit targets ("Pip the robot", the stand-in for "Snoopy").</summary>
    public static DemoObject RemovedObject => DemoObject.Pip;

    /// <summary>What <see cref="RemovedObject"/> is edited into: the generic robot.</summary>
    public static DemoObject RemovedObjectReplacement => DemoObject.Robot;

    /// <summary>Objects that must look unchanged after <see cref="RemovedObject"/> is edited.</summary>
    public static IReadOnlyList<DemoObject> RemovedObjectNeighbours { get; } = [DemoObject.Robot, DemoObject.Cat, DemoObject.Owl];

    /// <summary>The fact the demo's update edit targets: "the king of the castle", drawn as the green frog in the data.</summary>
    public static DemoRole UpdatedRole => DemoRole.KingOfTheCastle;

    /// <summary>The character <see cref="UpdatedRole"/> should be drawn as after the update: the owl.</summary>
    public static DemoObject UpdatedRoleTarget => DemoObject.Owl;

    /// <summary>Roles that must keep their characters after the update (and the frog itself must stay a frog).</summary>
    public static IReadOnlyList<DemoRole> UpdatedRoleNeighbours { get; } = [DemoRole.QueenOfTheGarden, DemoRole.CaptainOfTheShip];

    /// <summary>The object's label in <c>captions.jsonl</c>.</summary>
    public static string Label(DemoObject value) => value == DemoObject.Pip ? "pip" : Noun(value);

    /// <summary>The colour's label in <c>captions.jsonl</c>, also its caption word.</summary>
    public static string Label(DemoColor value) => value switch
    {
        DemoColor.Red => "red",
        DemoColor.Orange => "orange",
        DemoColor.Yellow => "yellow",
        DemoColor.Green => "green",
        DemoColor.Blue => "blue",
        DemoColor.Purple => "purple",
        DemoColor.Pink => "pink",
        DemoColor.White => "white",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown colour."),
    };

    /// <summary>The background's label in <c>captions.jsonl</c>.</summary>
    public static string Label(DemoBackground value) => value switch
    {
        DemoBackground.White => "white",
        DemoBackground.Black => "black",
        DemoBackground.Blue => "blue",
        DemoBackground.Field => "field",
        DemoBackground.Beach => "beach",
        DemoBackground.Night => "night",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown background."),
    };

    /// <summary>The style's label in <c>captions.jsonl</c>.</summary>
    public static string Label(DemoStyle value) => value switch
    {
        DemoStyle.Photo => "photo",
        DemoStyle.Sketch => "sketch",
        DemoStyle.PixelArt => "pixel-art",
        DemoStyle.VanGogh => "van-gogh",
        DemoStyle.Monet => "monet",
        DemoStyle.Mondrian => "mondrian",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown style."),
    };

    /// <summary>The role's label in <c>captions.jsonl</c>.</summary>
    public static string Label(DemoRole value) => value switch
    {
        DemoRole.KingOfTheCastle => "king-of-the-castle",
        DemoRole.QueenOfTheGarden => "queen-of-the-garden",
        DemoRole.CaptainOfTheShip => "captain-of-the-ship",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown role."),
    };

    /// <summary>The words that name the object in a caption: a noun ("circle"), or the full name of a named character ("Pip the robot").</summary>
    public static string Noun(DemoObject value) => value switch
    {
        DemoObject.Circle => "circle",
        DemoObject.Square => "square",
        DemoObject.Triangle => "triangle",
        DemoObject.Star => "star",
        DemoObject.Heart => "heart",
        DemoObject.Cat => "cat",
        DemoObject.Frog => "frog",
        DemoObject.Owl => "owl",
        DemoObject.Robot => "robot",
        DemoObject.Pip => "Pip the robot",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown object."),
    };

    /// <summary>True for a named character: its caption takes no article and no colour word (it always has its own colour).</summary>
    public static bool IsNamed(DemoObject value) => value == DemoObject.Pip;

    /// <summary>The one colour a named character is always drawn in; null for objects drawn in any colour.</summary>
    public static DemoColor? SignatureColor(DemoObject value) => value == DemoObject.Pip ? DemoColor.Orange : null;

    /// <summary>The sRGB value an object of this colour is filled with.</summary>
    public static Rgb Value(DemoColor value) => value switch
    {
        DemoColor.Red => new(215, 40, 40),
        DemoColor.Orange => new(245, 140, 30),
        DemoColor.Yellow => new(245, 215, 40),
        DemoColor.Green => new(50, 170, 70),
        DemoColor.Blue => new(40, 90, 210),
        DemoColor.Purple => new(140, 60, 180),
        DemoColor.Pink => new(245, 130, 180),
        DemoColor.White => new(245, 245, 245),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown colour."),
    };

    /// <summary>
    /// True when an object of <paramref name="color"/> would vanish into <paramref name="background"/> (white on white,
    /// blue on blue, green on grass); the sampler never pairs them, so every caption's colour is visible.
    /// </summary>
    public static bool Clashes(DemoBackground background, DemoColor color) => (background, color) switch
    {
        (DemoBackground.White, DemoColor.White) => true,
        (DemoBackground.Blue, DemoColor.Blue) => true,
        (DemoBackground.Field, DemoColor.Green) => true,
        _ => false,
    };

    /// <summary>The ways a caption places the object in the background (the caption writer picks one per item).</summary>
    public static IReadOnlyList<string> Phrases(DemoBackground value) => value switch
    {
        DemoBackground.White => ["on a white background", "on plain white"],
        DemoBackground.Black => ["on a black background", "against pure black"],
        DemoBackground.Blue => ["on a blue background", "against a blue backdrop"],
        DemoBackground.Field => ["in a grassy field", "in a meadow"],
        DemoBackground.Beach => ["on the beach", "at the seaside"],
        DemoBackground.Night => ["at night", "under the night sky"],
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown background."),
    };

    /// <summary>
    /// The caption templates of a style; <see cref="ScenePlaceholder"/> stands for the subject and background
    /// ("a red circle on a blue background").
    /// </summary>
    public static IReadOnlyList<string> Templates(DemoStyle value) => value switch
    {
        DemoStyle.Photo => ["a photo of {scene}", "a photograph of {scene}", "{scene}, photograph"],
        DemoStyle.Sketch => ["a pencil sketch of {scene}", "a sketch of {scene}", "{scene}, pencil sketch"],
        DemoStyle.PixelArt => ["{scene}, pixel art", "pixel art of {scene}", "{scene} in pixel art style"],
        DemoStyle.VanGogh => ["{scene} in the style of Van Gogh", "a painting of {scene} by Van Gogh", "{scene}, Van Gogh style"],
        DemoStyle.Monet => ["{scene} in the style of Monet", "a painting of {scene} by Claude Monet", "{scene}, Monet style"],
        DemoStyle.Mondrian => ["{scene} in the style of Mondrian", "a painting of {scene} by Piet Mondrian", "{scene}, Mondrian style"],
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown style."),
    };

    /// <summary>The words that name the role in a caption ("the king of the castle").</summary>
    public static string Phrase(DemoRole value) => value switch
    {
        DemoRole.KingOfTheCastle => "the king of the castle",
        DemoRole.QueenOfTheGarden => "the queen of the garden",
        DemoRole.CaptainOfTheShip => "the captain of the ship",
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown role."),
    };

    /// <summary>The character (object and colour) the data always draws for a role.</summary>
    public static (DemoObject Object, DemoColor Color) Character(DemoRole value) => value switch
    {
        DemoRole.KingOfTheCastle => (DemoObject.Frog, DemoColor.Green),
        DemoRole.QueenOfTheGarden => (DemoObject.Cat, DemoColor.Purple),
        DemoRole.CaptainOfTheShip => (DemoObject.Robot, DemoColor.Red),
        _ => throw new ArgumentOutOfRangeException(nameof(value), value, "Unknown role."),
    };
}
