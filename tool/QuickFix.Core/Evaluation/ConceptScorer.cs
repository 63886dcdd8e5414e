using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Imaging;
using QuickFix.Models;
using QuickFix.Runtime;
using QuickFix.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Evaluation;

/// <summary>
/// Tells what a demo image shows: its object, colour, background and style, from a small classifier trained on the
/// demo generator's labels (issue 9's scorer, in the spirit of the paper's CLIP-score). It is trained on images passed
/// through the demo VAE as well as clean ones, so that it reads decoded, generated images as well as drawn ones.
/// </summary>
/// <remarks>
/// A scorer folder holds <c>config.json</c> (the convolution widths, the image size and every attribute's labels in
/// class order) and <c>model.safetensors</c> (float32). Loading refuses a config whose labels are not the demo data's,
/// so that scores can never be read against the wrong classes.
/// </remarks>
public sealed class ConceptScorer : IDisposable
{
    /// <summary>The config file's name.</summary>
    public const string ConfigFileName = "config.json";

    /// <summary>The weights file's name.</summary>
    public const string WeightsFileName = "model.safetensors";

    /// <summary>Images scored per forward pass.</summary>
    private const int BatchSize = 64;

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly ConceptClassifier classifier;

    private ConceptScorer(ConceptClassifier classifier, int imageSize)
    {
        this.classifier = classifier;
        ImageSize = imageSize;
    }

    /// <summary>The image side the scorer was trained on; other sizes are refused.</summary>
    public int ImageSize { get; }

    /// <summary>Where <c>train-demo</c> puts the scorer of a model: the folder <c>scorer</c> beside the model folder.</summary>
    public static string DirectoryBeside(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        var model = Path.TrimEndingDirectorySeparator(Path.GetFullPath(modelDirectory));
        return Path.Combine(Path.GetDirectoryName(model) ?? model, "scorer");
    }

    /// <summary>Loads the scorer in <paramref name="directory"/>.</summary>
    /// <exception cref="ScorerException">QF1601: a file is missing or unreadable, or its classes are not the demo data's.</exception>
    public static ConceptScorer Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        TorchRuntime.EnsureLoaded();
        var configPath = Path.Combine(directory, ConfigFileName);
        var weightsPath = Path.Combine(directory, WeightsFileName);
        ScorerConfig config;
        try
        {
            config = JsonSerializer.Deserialize<ScorerConfig>(File.ReadAllText(configPath), JsonOptions)
                ?? throw new ScorerException("the config is empty; expected the scorer's widths, image size and labels", configPath);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new ScorerException($"cannot read the scorer config ({exception.Message}); expected {ConfigFileName} as written by train-demo", configPath, exception);
        }

        foreach (var attribute in ConceptLabels.Heads)
        {
            var expected = ConceptLabels.Of(attribute);
            if (config.Labels is null || !config.Labels.TryGetValue(ConceptLabels.Name(attribute), out var labels) || !labels.SequenceEqual(expected))
            {
                throw new ScorerException(
                    $"the scorer's '{ConceptLabels.Name(attribute)}' classes are not the demo data's; expected [{string.Join(", ", expected)}]", configPath);
            }
        }

        if (config.Widths is not { Count: > 0 } widths || widths.Any(w => w <= 0) || config.ImageSize <= 0)
        {
            throw new ScorerException("the config needs positive 'widths' and 'image_size'", configPath);
        }

        var classifier = new ConceptClassifier(widths);
        try
        {
            using var file = SafetensorsFile.Open(weightsPath);
            ModuleWeights.Load(classifier, SafetensorsWeightSource.Direct(file));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or QuickFixException)
        {
            classifier.Dispose();
            throw new ScorerException($"cannot load the scorer weights: {exception.Message}", weightsPath, exception);
        }

        classifier.eval();
        return new ConceptScorer(classifier, config.ImageSize);
    }

    /// <summary>Scores each of <paramref name="images"/> (all <see cref="ImageSize"/> square).</summary>
    /// <exception cref="ArgumentException">An image has another size.</exception>
    public IReadOnlyList<ConceptScores> Score(IReadOnlyList<RgbImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.FirstOrDefault(image => image.Width != ImageSize || image.Height != ImageSize) is { } wrong)
        {
            throw new ArgumentException($"The scorer reads {ImageSize}x{ImageSize} images, got {wrong.Width}x{wrong.Height}.", nameof(images));
        }

        var scores = new List<ConceptScores>(images.Count);
        foreach (var chunk in images.Chunk(BatchSize))
        {
            using var scope = torch.NewDisposeScope();
            using var inference = torch.inference_mode();
            var logits = classifier.forward(DemoBatch.ToTensor(chunk));
            var probabilities = new Dictionary<ConceptHead, float[]>();
            foreach (var attribute in ConceptLabels.Heads)
            {
                var count = ConceptLabels.Of(attribute).Count;
                probabilities[attribute] = logits.narrow(1, ConceptLabels.Offset(attribute), count).softmax(1).contiguous().data<float>().ToArray();
            }

            for (var i = 0; i < chunk.Length; i++)
            {
                scores.Add(ScoresOf(probabilities, i));
            }
        }

        return scores;
    }

    /// <inheritdoc/>
    public void Dispose() => classifier.Dispose();

    /// <summary>Writes <paramref name="classifier"/> as a scorer folder (float32 weights, config) into <paramref name="directory"/>.</summary>
    internal static void Save(ConceptClassifier classifier, int imageSize, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        foreach (var (name, parameter) in classifier.named_parameters())
        {
            var values = parameter.detach().to(ScalarType.Float32).contiguous().data<float>().ToArray();
            var bytes = new byte[values.Length * sizeof(float)];
            Buffer.BlockCopy(values, 0, bytes, 0, bytes.Length);
            writer.Add(name, SafetensorsDType.F32, parameter.shape, bytes);
        }

        writer.WriteFile(Path.Combine(directory, WeightsFileName), cancellationToken);
        var config = new ScorerConfig(
            [.. classifier.Widths],
            imageSize,
            ConceptLabels.Heads.ToDictionary(ConceptLabels.Name, a => (IReadOnlyList<string>)[.. ConceptLabels.Of(a)]));
        AtomicFile.Write(Path.Combine(directory, ConfigFileName), stream => { JsonSerializer.Serialize(stream, config, JsonOptions); return 0; });
    }

    private static ConceptScores ScoresOf(Dictionary<ConceptHead, float[]> probabilities, int index)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var all = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var attribute in ConceptLabels.Heads)
        {
            var names = ConceptLabels.Of(attribute);
            var row = probabilities[attribute].AsSpan(index * names.Count, names.Count);
            var best = 0;
            for (var c = 0; c < names.Count; c++)
            {
                all[$"{ConceptLabels.Name(attribute)}/{names[c]}"] = row[c];
                best = row[c] > row[best] ? c : best;
            }

            labels[ConceptLabels.Name(attribute)] = names[best];
        }

        return new ConceptScores(labels, all);
    }

    private sealed record ScorerConfig(IReadOnlyList<int> Widths, int ImageSize, IReadOnlyDictionary<string, IReadOnlyList<string>> Labels);
}
