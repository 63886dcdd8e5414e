using System.Text.Json;
using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints;

/// <summary>Opens a diffusers pipeline folder (<c>model_index.json</c> plus one folder per component).</summary>
internal static class DiffusersCheckpointReader
{
    private static readonly string[] WeightComponents = ["text_encoder", "text_encoder_2", "unet", "vae"];

    public static Checkpoint Open(string root, string? tokenizerDirectory)
    {
        // A folder with only text_encoder/ (and tokenizer/) is accepted too: it is what the text-side commands need.
        var modelIndex = Path.Combine(root, DiffusersFiles.ModelIndex);
        if (!File.Exists(modelIndex) && !File.Exists(Path.Combine(root, "text_encoder", "config.json")))
        {
            throw new CheckpointException(
                CheckpointError.NotFound, "folder has neither model_index.json nor text_encoder/config.json, so it is not a diffusers pipeline", root);
        }

        var pipelineClass = File.Exists(modelIndex) ? ReadPipelineClass(modelIndex) : null;
        var files = new List<CheckpointComponentFile>();
        try
        {
            foreach (var component in WeightComponents)
            {
                var weights = FindWeights(root, component);
                if (weights is not null)
                {
                    files.Add(new CheckpointComponentFile(component, Path.GetRelativePath(root, weights), SafetensorsFile.Open(weights)));
                }
            }

            var family = DetectFamily(root, pipelineClass, files);
            var encoders = new List<TextEncoderComponent>();
            foreach (var (component, index) in new[] { ("text_encoder", 0), ("text_encoder_2", 1) })
            {
                var file = files.FirstOrDefault(f => f.Component == component);
                if (file is null)
                {
                    if (index == 0 || family == ModelFamily.SDXL)
                    {
                        throw new CheckpointException(
                            CheckpointError.MissingComponent, $"{component}/ has no model.safetensors (or fp16/bf16 variant)", root);
                    }

                    continue;
                }

                var config = ReadConfig(Path.Combine(root, component, "config.json"));
                var tokenizer = TokenizerLocator.Find(
                    tokenizerDirectory, index, Path.Combine(root, index == 0 ? "tokenizer" : "tokenizer_2"));
                encoders.Add(new TextEncoderComponent(
                    index, family, config, config.NumHiddenLayers, SafetensorsWeightSource.Direct(file.File), tokenizer));
            }

            return new Checkpoint(root, CheckpointLayout.Diffusers, family, files, encoders);
        }
        catch
        {
            files.ForEach(f => f.File.Dispose());
            throw;
        }
    }

    /// <summary>
    /// The component's weights: the full-precision file first, then diffusers' <c>fp16</c> and <c>bf16</c> variants.
    /// </summary>
    internal static string? FindWeights(string root, string component)
    {
        var folder = Path.Combine(root, component);
        var stem = component.StartsWith("text_encoder", StringComparison.Ordinal) ? "model" : "diffusion_pytorch_model";
        return new[] { $"{stem}.safetensors", $"{stem}.fp16.safetensors", $"{stem}.bf16.safetensors" }
            .Select(name => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
    }

    private static string? ReadPipelineClass(string modelIndex)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(modelIndex));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("_class_name", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : throw new CheckpointException(CheckpointError.InvalidConfig, "expected a JSON object with a \"_class_name\" string", modelIndex);
        }
        catch (JsonException exception)
        {
            throw new CheckpointException(CheckpointError.InvalidConfig, $"not valid JSON: {exception.Message}", modelIndex, innerException: exception);
        }
    }

    private static ClipTextConfig ReadConfig(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException(CheckpointError.MissingComponent, "text encoder config.json is missing", path);
        }

        try
        {
            return DiffusersConfigJson.Deserialize<ClipTextConfig>(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            throw new CheckpointException(CheckpointError.InvalidConfig, $"not a valid CLIPTextConfig: {exception.Message}", path, innerException: exception);
        }
    }

    private static ModelFamily DetectFamily(string root, string? pipelineClass, List<CheckpointComponentFile> files)
    {
        if (pipelineClass is "StableDiffusionXLPipeline" or "StableDiffusionXLImg2ImgPipeline"
            || files.Any(f => f.Component == "text_encoder_2"))
        {
            return ModelFamily.SDXL;
        }

        // SD 1.x conditions on OpenAI CLIP ViT-L (quick_gelu), SD 2.x on OpenCLIP ViT-H (gelu).
        var configPath = Path.Combine(root, "text_encoder", "config.json");
        if (!File.Exists(configPath))
        {
            throw new CheckpointException(CheckpointError.MissingComponent, "text_encoder/config.json is missing", root);
        }

        return ReadConfig(configPath).HiddenAct switch
        {
            "quick_gelu" => ModelFamily.SD15,
            "gelu" => ModelFamily.SD21,
            var act => throw new CheckpointException(
                CheckpointError.UnknownFamily, $"text encoder hidden_act '{act}' matches neither SD 1.x (quick_gelu) nor SD 2.x (gelu)", configPath),
        };
    }
}
