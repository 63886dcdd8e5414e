using System.Globalization;
using QuickFix.Editing;

namespace QuickFix.Benchmarks.Data;

/// <summary>
/// Edits like a UCE-style mass erasure, as tests/bench/run.sh writes them into its recipes: distinct made-up concept
/// names as keys ("artist name 0001"), one shared target ("a painting").
/// </summary>
internal static class MassEdits
{
    public const string Target = "a painting";

    public static ConceptEdit[] Create(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new ConceptEdit(string.Create(CultureInfo.InvariantCulture, $"artist name {i:D4}"), Target))];
}
