namespace QuickFix.Recipes;

/// <summary>The causal-trace gate (<c>trace</c>).</summary>
/// <param name="Mode">Default <see cref="TraceMode.Require"/>.</param>
public sealed record TraceSpec(TraceMode Mode)
{
    /// <summary><c>mode: require</c>.</summary>
    public static TraceSpec Default { get; } = new(TraceMode.Require);
}
