using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;

namespace QuickFix.Tests.Baking;

/// <summary>Tiny synthesized base models for bake tests, written once per test run and shared read-only.</summary>
internal static class TinyModels
{
    private static readonly Lazy<string> Root = new(() => Directory.CreateTempSubdirectory("quickfix-tiny-models-").FullName);
    private static readonly Dictionary<string, string> Made = [];
    private static readonly Lock Gate = new();

    public static string Get(ModelFamily family, CheckpointLayout layout, TensorDType dtype = TensorDType.F32)
    {
        var name = $"{family}-{layout}-{dtype}".ToLowerInvariant();
        lock (Gate)
        {
            if (!Made.TryGetValue(name, out var path))
            {
                path = Path.Combine(Root.Value, layout == CheckpointLayout.SingleFile ? name + ".safetensors" : name);
                CheckpointSynthesizer.Synthesize(new SynthesisOptions(family, ModelSize.Tiny, layout, dtype, 42, path));
                Made[name] = path;
            }

            return path;
        }
    }
}
