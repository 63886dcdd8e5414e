using System.Text.Json;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Models;

/// <summary>
/// The tiny CLIP text encoder of <c>shared/data/reference/clip-text</c> and the outputs OpenAI's implementation computed
/// for it (float32, PyTorch 1.13).
/// </summary>
internal static class ClipReferenceFixture
{
    public static string Folder => SharedData.Reference("clip-text");

    public static string ExpectedPath => SharedData.Reference("clip-text", "expected.safetensors");

    public static IReadOnlyList<string> Prompts()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.Reference("clip-text", "prompts.json")));
        return [.. document.RootElement.GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("text").GetString()!)];
    }

    public static float[] ExpectedFloats(SafetensorsFile expected, string name) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(expected.ReadBytes(name)).ToArray();

    public static long[] ExpectedLongs(SafetensorsFile expected, string name) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(expected.ReadBytes(name)).ToArray();

    /// <summary>max |actual − expected| / max |expected|: the fixture README's relative measure.</summary>
    public static double RelativeMaxError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs((double)actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs((double)expected[i]));
        }

        return maxDiff / maxRef;
    }
}
