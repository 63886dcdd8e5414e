namespace QuickFix.Baking;

/// <summary>How <see cref="RecipeBaker.Bake"/> runs a recipe; what the recipe itself says is in the recipe.</summary>
/// <param name="OutputPath">Overrides the recipe's <c>output.path</c> (<c>apply --out</c>).</param>
/// <param name="Trace">False skips the causal-trace gate whatever <c>trace.mode</c> says (<c>--no-trace</c>).</param>
/// <param name="Images">False skips regenerating images (<c>--no-images</c>).</param>
/// <param name="AcceptSnapshots">Accept regenerated images as the new verified snapshots (<c>--accept</c>).</param>
/// <param name="ReplayDelta">
/// An earlier bake's delta file (<c>--delta</c>): its edited tensors are written instead of solving again, after
/// checking that it was made from these very base files. Trace and images are skipped.
/// </param>
public sealed record BakeOptions(
    string? OutputPath = null, bool Trace = true, bool Images = true, bool AcceptSnapshots = false, string? ReplayDelta = null);
