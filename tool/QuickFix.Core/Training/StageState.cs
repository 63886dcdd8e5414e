using System.Text.Json;
using System.Text.Json.Serialization;
using QuickFix.Checkpoints;

namespace QuickFix.Training;

/// <summary>
/// The saved progress of one stage (<c>state/&lt;stage&gt;/state.json</c>, beside the model and optimizer state).
/// </summary>
/// <param name="Stage">The stage.</param>
/// <param name="Step">Steps done.</param>
/// <param name="Steps">Steps planned.</param>
/// <param name="BatchSize">Images per step (a resumed run must keep it: step <c>s</c> reads items by it).</param>
/// <param name="ModelFingerprint">SHA-256 of the architecture's JSON (a resumed run must keep it).</param>
/// <param name="InitSeed">The seed of the initial weights and per-step randomness.</param>
/// <param name="DataSeed">The dataset's seed.</param>
/// <param name="Losses">Every step's loss, in order.</param>
/// <param name="VaeScalingFactor">The VAE stage's measured latent scaling factor (1 / std of the posterior means), once finished.</param>
/// <param name="Seconds">Wall-clock seconds spent in this stage's steps, over every run that resumed it.</param>
public sealed record StageState(
    TrainingStage Stage,
    int Step,
    int Steps,
    int BatchSize,
    string ModelFingerprint,
    ulong InitSeed,
    ulong DataSeed,
    IReadOnlyList<double> Losses,
    double? VaeScalingFactor = null,
    double Seconds = 0)
{
    /// <summary>The state file's name.</summary>
    public const string FileName = "state.json";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Whether the stage has run all its steps.</summary>
    [JsonIgnore]
    public bool Finished => Step >= Steps;

    /// <summary>Reads the state saved in <paramref name="directory"/>, or null if there is none.</summary>
    public static StageState? Read(string directory)
    {
        var path = Path.Combine(directory, FileName);
        return File.Exists(path) ? JsonSerializer.Deserialize<StageState>(File.ReadAllText(path), JsonOptions) : null;
    }

    /// <summary>Writes this state into <paramref name="directory"/>.</summary>
    public void Write(string directory) =>
        AtomicFile.Write(Path.Combine(directory, FileName), stream => { JsonSerializer.Serialize(stream, this, JsonOptions); return 0; });

    /// <summary>The fingerprint of <paramref name="model"/>.</summary>
    public static string Fingerprint(DemoModelConfig model) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(model)));
}
