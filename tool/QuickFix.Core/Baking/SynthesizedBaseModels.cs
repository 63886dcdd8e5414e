using System.Globalization;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using QuickFix.Recipes;
using QuickFix.Runtime;

namespace QuickFix.Baking;

/// <summary>
/// The embedded default base models (<c>model: { synth: ... }</c>): synthesized once into the user cache, keyed by
/// family, size, seed and tool version, and reused by every later build.
/// </summary>
internal static class SynthesizedBaseModels
{
    public static string Resolve(SynthModelSpec spec, CancellationToken cancellationToken)
    {
        var version = typeof(SynthesizedBaseModels).Assembly.GetName().Version?.ToString(3) ?? "0";
        var name = string.Create(
            CultureInfo.InvariantCulture,
            $"{spec.Family.ToString().ToLowerInvariant()}-{spec.Size.ToString().ToLowerInvariant()}-seed{spec.Seed}-v{version}");
        var folder = Path.Combine(CacheDirectory.Folder("base-models"), name);
        if (!File.Exists(Path.Combine(folder, DiffusersFiles.ModelIndex)))
        {
            // Written to a sibling and renamed into place, so a concurrent or killed build never sees half a model.
            CheckpointSynthesizer.Synthesize(
                new SynthesisOptions(spec.Family, spec.Size, CheckpointLayout.Diffusers, TensorDType.F32, unchecked((ulong)spec.Seed), folder),
                progress: null,
                cancellationToken);
        }

        return folder;
    }
}
