using System.Text.Json;
using System.Text.Json.Serialization;

namespace QuickFix.Checkpoints.Manifests;

/// <summary>
/// <c>quickfix.manifest.json</c>: the provenance of one baked output (design.md, "Manifest"): what went in (recipe,
/// base files), what came out (output files), what changed and how, and what the gates said.
/// </summary>
/// <param name="Tool">Tool name (<c>QuickFix.Build</c>).</param>
/// <param name="Version">Tool version.</param>
/// <param name="Recipe">The recipe file and its hash.</param>
/// <param name="Family">The model family.</param>
/// <param name="BaseFiles">Each base weights file, hashed.</param>
/// <param name="OutputFiles">Each output file (weights, delta), hashed as written; paths relative to the manifest's folder.</param>
/// <param name="ChangedTensors">Every tensor whose bytes differ from the base.</param>
/// <param name="Edits">The edits with their (key, value) pair counts.</param>
/// <param name="Trace">The causal-trace verdict, when the gate ran.</param>
/// <param name="Images">Regenerated images with their hashes and snapshot verdicts.</param>
/// <param name="TimingsSeconds">Wall-clock seconds per stage.</param>
public sealed record BuildManifest(
    string Tool,
    string Version,
    ManifestRecipe Recipe,
    string Family,
    IReadOnlyList<ManifestFile> BaseFiles,
    IReadOnlyList<ManifestFile> OutputFiles,
    IReadOnlyList<ManifestTensorChange> ChangedTensors,
    IReadOnlyList<ManifestEdit> Edits,
    ManifestTrace? Trace,
    IReadOnlyList<ManifestImage> Images,
    IReadOnlyDictionary<string, double> TimingsSeconds)
{
    /// <summary>The manifest's file name.</summary>
    public const string FileName = "quickfix.manifest.json";

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Where the manifest of an output lives: inside an output folder, or beside an output file as <c>&lt;name&gt;.quickfix.manifest.json</c>.</summary>
    public static string PathFor(string outputPath, bool outputIsFolder) =>
        outputIsFolder
            ? System.IO.Path.Combine(outputPath, FileName)
            : System.IO.Path.Combine(
                System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(outputPath))!,
                System.IO.Path.GetFileNameWithoutExtension(outputPath) + "." + FileName);

    /// <summary>Writes the manifest atomically.</summary>
    public void Save(string path) =>
        AtomicFile.Write(path, stream =>
        {
            JsonSerializer.Serialize(stream, this, JsonOptions);
            return 0;
        });

    /// <summary>Reads a manifest.</summary>
    /// <exception cref="ManifestException">The file is missing or not a manifest.</exception>
    public static BuildManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ManifestException("manifest not found", path);
        }

        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<BuildManifest>(stream, JsonOptions)
                ?? throw new ManifestException("expected a manifest object, found null", path);
        }
        catch (JsonException exception)
        {
            throw new ManifestException($"not a valid manifest: {exception.Message}", path, exception);
        }
    }
}
