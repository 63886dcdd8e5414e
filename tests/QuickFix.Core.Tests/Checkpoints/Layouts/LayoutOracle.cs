using System.Text.Json.Nodes;
using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Tests.Checkpoints.Layouts;

/// <summary>Reads the checkpoint-layout oracle (shared/data/checkpoint-layouts/*.json).</summary>
internal static class LayoutOracle
{
    public sealed record Entry(string Name, TensorShape Shape, TensorDType DType, bool IsOptional)
    {
        public string Key => $"{Name} {Shape} {DType}";
    }

    public static IReadOnlyList<Entry> SingleFile(string checkpoint) =>
        Entries(Load($"{checkpoint}-single-file.json")["tensors"]!.AsArray());

    public static IReadOnlyDictionary<string, IReadOnlyList<Entry>> Diffusers(string checkpoint) =>
        Load($"{checkpoint}-diffusers.json")["files"]!.AsObject()
            .ToDictionary(pair => pair.Key, pair => (IReadOnlyList<Entry>)Entries(pair.Value!["tensors"]!.AsArray()));

    public static JsonObject DiffusersVaeFile(string checkpoint) =>
        Load($"{checkpoint}-diffusers.json")["files"]!["vae/diffusion_pytorch_model.safetensors"]!.AsObject();

    public static JsonObject Configs(string checkpoint) => Load($"{checkpoint}-diffusers-configs.json");

    public static JsonObject Load(string file) =>
        JsonNode.Parse(File.ReadAllText(SharedData.Path("data", "checkpoint-layouts", file)))!.AsObject();

    public static IReadOnlyList<string> Keys(IEnumerable<TensorSpec> specs) => [.. specs.Select(s => $"{s.Name} {s.Shape} {s.DType}")];

    private static List<Entry> Entries(JsonArray tensors) =>
    [
        .. tensors.Select(t => new Entry(
            (string)t!["name"]!,
            new TensorShape([.. t["shape"]!.AsArray().Select(d => (long)d!)]),
            Enum.Parse<TensorDType>((string)t["dtype"]!),
            (bool?)t["optional"] ?? false)),
    ];
}
