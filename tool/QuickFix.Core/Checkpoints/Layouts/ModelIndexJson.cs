using System.Text.Json.Nodes;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Writes <c>model_index.json</c>. Unlike the released SD 1.5 index it lists no safety checker or feature extractor
/// (<c>[null, null]</c>, <c>requires_safety_checker: false</c>), because the folders the engine writes carry no
/// weights for them and diffusers would otherwise try to load them.
/// </summary>
internal static class ModelIndexJson
{
    public static string Create(StableDiffusionConfig config)
    {
        var isXl = config.Family == ModelFamily.SDXL;
        var index = new JsonObject
        {
            ["_class_name"] = isXl ? "StableDiffusionXLPipeline" : "StableDiffusionPipeline",
            ["_diffusers_version"] = config.Unet.DiffusersVersion,
            ["feature_extractor"] = Component(null, null),
            ["scheduler"] = Component("diffusers", config.Scheduler.ClassName),
            ["text_encoder"] = Component("transformers", config.TextEncoder.Architectures[0]),
            ["tokenizer"] = Component("transformers", "CLIPTokenizer"),
            ["unet"] = Component("diffusers", config.Unet.ClassName),
            ["vae"] = Component("diffusers", config.Vae.ClassName),
        };
        if (isXl)
        {
            index["force_zeros_for_empty_prompt"] = true;
            index["text_encoder_2"] = Component("transformers", config.TextEncoder2!.Architectures[0]);
            index["tokenizer_2"] = Component("transformers", "CLIPTokenizer");
        }
        else
        {
            index["requires_safety_checker"] = false;
            index["safety_checker"] = Component(null, null);
        }

        return DiffusersConfigJson.Write(index);
    }

    private static JsonArray Component(string? library, string? className) => [library, className];
}
