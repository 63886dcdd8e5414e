using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// Writes a look at the demo dataset: <c>contact-sheet.png</c> (the first items' images with their indices) and
/// <c>captions.jsonl</c> (every item's index, caption and labels), and optionally the demo vocabulary. Each file is
/// written atomically.
/// </summary>
public static class DemoDataWriter
{
    /// <summary>The contact sheet's file name.</summary>
    public const string ContactSheetFileName = "contact-sheet.png";

    /// <summary>The captions' file name.</summary>
    public const string CaptionsFileName = "captions.jsonl";

    /// <summary>Most images on one contact sheet (a 64-pixel sheet of 256 is 548 × 2,628 pixels).</summary>
    public const int MaxSheetItems = 256;

    /// <summary>Most items one request may caption.</summary>
    public const int MaxCount = 10_000_000;

    private static readonly JsonWriterOptions JsonLineOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes what <paramref name="request"/> asks for.</summary>
    /// <exception cref="DemoDataException">QF1501: count or size out of range; QF1502: an output folder is an existing file.</exception>
    public static DemoDataResult Write(DemoDataRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Count < 1 || request.Count > MaxCount)
        {
            throw new DemoDataException(DemoDataException.InvalidRequestCode, $"count {request.Count}: expected 1 to {MaxCount:N0} items.");
        }

        var dataset = new DemoDataset(request.Seed, request.Size);
        var folder = PrepareFolder(request.OutputDirectory);

        var sheetItems = new DemoItem[Math.Min(request.Count, MaxSheetItems)];
        for (var i = 0; i < sheetItems.Length; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sheetItems[i] = dataset.Item(i);
        }

        var sheetPath = Path.Combine(folder, ContactSheetFileName);
        var sheetBytes = PngWriter.Write(sheetPath, DemoContactSheet.Render(sheetItems));

        var captionsPath = Path.Combine(folder, CaptionsFileName);
        AtomicFile.Write(captionsPath, stream =>
        {
            using var writer = new Utf8JsonWriter(stream, JsonLineOptions);
            for (var i = 0; i < request.Count; i++)
            {
                if (i % 4096 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                WriteLine(writer, i, dataset.Scene(i));
                writer.Flush();
                writer.Reset();
                stream.WriteByte((byte)'\n');
            }

            return 0;
        });

        int? vocabularySize = request.VocabularyDirectory is { } vocabulary ? DemoVocabulary.Write(vocabulary) : null;
        return new DemoDataResult(
            sheetPath, sheetItems.Length, Convert.ToHexStringLower(SHA256.HashData(sheetBytes)), captionsPath, request.Count,
            request.Seed, request.Size, request.VocabularyDirectory is null ? null : Path.GetFullPath(request.VocabularyDirectory), vocabularySize);
    }

    /// <summary>The full path of <paramref name="directory"/>, created if missing.</summary>
    /// <exception cref="DemoDataException">QF1502: it is an existing file.</exception>
    internal static string PrepareFolder(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            throw new DemoDataException(DemoDataException.OutputNotFolderCode, $"{full}: expected a folder (or nothing), found a file.", full);
        }

        Directory.CreateDirectory(full);
        return full;
    }

    /// <summary>
    /// <c>{"index":i,"caption":"…","labels":{"object":"cat","color":"red","background":"field","style":"van-gogh","role":null}}</c>.
    /// </summary>
    private static void WriteLine(Utf8JsonWriter writer, long index, DemoScene scene)
    {
        writer.WriteStartObject();
        writer.WriteNumber("index", index);
        writer.WriteString("caption", CaptionWriter.Write(scene));
        writer.WriteStartObject("labels");
        writer.WriteString("object", DemoConcepts.Label(scene.Figure));
        writer.WriteString("color", DemoConcepts.Label(scene.Color));
        writer.WriteString("background", DemoConcepts.Label(scene.Background));
        writer.WriteString("style", DemoConcepts.Label(scene.Style));
        if (scene.Role is { } role)
        {
            writer.WriteString("role", DemoConcepts.Label(role));
        }
        else
        {
            writer.WriteNull("role");
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
