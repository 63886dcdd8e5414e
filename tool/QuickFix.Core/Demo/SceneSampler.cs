namespace QuickFix.Demo;

/// <summary>
/// Draws item <c>i</c>'s scene for a seed from the item's own counter-based draws (<see cref="DemoRandom"/>): a pure
/// function of (seed, i).
/// </summary>
/// <remarks>
/// Frequencies: each role 1/20; otherwise each of the ten objects equally (Pip 8.5% overall); each style 1/6; each
/// background 1/6 but for a fixed-colour subject, which skips the backgrounds its colour would vanish into; each colour
/// 1/8 but for the colours that clash with the background (<see cref="DemoConcepts.Clashes"/>).
/// </remarks>
public static class SceneSampler
{
    /// <summary>The stream name the seed is combined with.</summary>
    public const string StreamName = "demo.scene";

    /// <summary>Out of how many draws one role is chosen (each role has probability 1 / this).</summary>
    internal const int RoleDenominator = 20;

    /// <summary>The scene of item <paramref name="index"/> of the dataset with <paramref name="seed"/>.</summary>
    public static DemoScene Sample(ulong seed, long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var random = DemoRandom.ForItem(seed, StreamName, index);
        var roleDraw = random.NextInt(RoleDenominator);
        DemoRole? role = roleDraw < DemoConcepts.Roles.Count ? DemoConcepts.Roles[roleDraw] : null;
        var objectDraw = random.NextInt(DemoConcepts.Objects.Count);
        var (obj, fixedColor) = role is { } r
            ? (DemoConcepts.Character(r).Object, DemoConcepts.Character(r).Color)
            : (DemoConcepts.Objects[objectDraw], DemoConcepts.SignatureColor(DemoConcepts.Objects[objectDraw]));

        DemoBackground background;
        DemoColor color;
        if (fixedColor is { } c)
        {
            color = c;
            background = Pick(ref random, DemoConcepts.Backgrounds.Where(b => !DemoConcepts.Clashes(b, c)));
        }
        else
        {
            background = DemoConcepts.Backgrounds[random.NextInt(DemoConcepts.Backgrounds.Count)];
            color = Pick(ref random, DemoConcepts.Colors.Where(candidate => !DemoConcepts.Clashes(background, candidate)));
        }

        var style = DemoConcepts.Styles[random.NextInt(DemoConcepts.Styles.Count)];
        // Steps of 1/64 keep the placement exact in binary and the same at every image size.
        var placement = new ScenePlacement(
            0.5 + ((random.NextInt(11) - 5) / 64.0),
            0.5 + ((random.NextInt(11) - 5) / 64.0),
            (17 + random.NextInt(6)) / 64.0);
        return new DemoScene(obj, color, background, style, role, placement, (uint)(random.NextBits() >> 32), random.NextBits());
    }

    private static T Pick<T>(ref DemoRandom random, IEnumerable<T> candidates)
    {
        var list = candidates.ToArray();
        return list[random.NextInt(list.Length)];
    }
}
