using System.Security.Cryptography;
using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Tests.Recipes;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary>
/// The committed pickle checkpoints of <c>tests/fixtures/ckpt</c>, written by Debian's PyTorch 1.13 with
/// <c>make_fixtures.py</c>, and what that script recorded about them in <c>expected.json</c>.
/// </summary>
internal static class CkptFixtures
{
    public const string Zip = "sd15-tiny-zip.ckpt";
    public const string Legacy = "sd15-tiny-legacy.ckpt";

    private static readonly Lazy<JsonElement> Expected = new(() =>
        JsonDocument.Parse(File.ReadAllBytes(Path("expected.json"))).RootElement);

    public static string Path(string name) => RepositoryFiles.Path("tests", "fixtures", "ckpt", name);

    public static JsonElement Fixture(string name) => Expected.Value.GetProperty("fixtures").GetProperty(name);

    public static JsonElement Malicious(string name) => Expected.Value.GetProperty("malicious").GetProperty(name);

    /// <summary>A copy of the fixture in <paramref name="temp"/>, so a test may put files beside it.</summary>
    public static string CopyTo(TemporaryDirectory temp, string name)
    {
        var copy = temp.File(name);
        File.Copy(Path(name), copy);
        return copy;
    }

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Asserts that <paramref name="file"/> holds exactly the fixture's tensors, each with the dtype, shape and bytes PyTorch saved.</summary>
    public static void AssertTensorsAsSaved(string fixture, SafetensorsFile file)
    {
        var expected = Fixture(fixture).GetProperty("tensors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), file.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        foreach (var tensor in file.Tensors)
        {
            var entry = expected[tensor.Name];
            Assert.Equal(entry.GetProperty("dtype").GetString(), tensor.DType.ToName());
            Assert.Equal(entry.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()), tensor.Shape);
            Assert.True(entry.GetProperty("sha256").GetString() == Sha256(file.ReadBytes(tensor.Name)), $"{fixture}: bytes of '{tensor.Name}'");
        }
    }
}
