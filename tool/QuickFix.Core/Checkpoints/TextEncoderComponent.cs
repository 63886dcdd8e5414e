using QuickFix.Checkpoints.Layouts;
using QuickFix.Models;
using QuickFix.Models.Clip;
using QuickFix.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Checkpoints;

/// <summary>
/// One CLIP text encoder of a checkpoint, presented under transformers' <c>CLIPTextModel</c> names whatever the file
/// calls its tensors, with the family's conditioning semantics and its tokenizer.
/// </summary>
public sealed class TextEncoderComponent
{
    internal TextEncoderComponent(
        int index, ModelFamily family, ClipTextConfig config, int storedLayers, SafetensorsWeightSource weights, string? tokenizerDirectory)
    {
        Index = index;
        Family = family;
        Config = config;
        StoredLayers = storedLayers;
        Weights = weights;
        TokenizerDirectory = tokenizerDirectory;
        tokenizer = new Lazy<ClipTokenizer>(ReadTokenizer);
    }

    // Building the BPE tables of a 49,408-entry vocabulary takes a third of a second: build them once per encoder.
    private readonly Lazy<ClipTokenizer> tokenizer;

    /// <summary>0 for the first (or only) text encoder, 1 for SDXL's OpenCLIP bigG.</summary>
    public int Index { get; }

    /// <summary>The diffusers component name: <c>text_encoder</c> or <c>text_encoder_2</c>.</summary>
    public string Name => Index == 0 ? "text_encoder" : "text_encoder_2";

    /// <summary>The family this encoder belongs to; it decides padding and which layer conditions the UNet.</summary>
    public ModelFamily Family { get; }

    /// <summary>The architecture, from <c>config.json</c> or inferred from tensor shapes.</summary>
    public ClipTextConfig Config { get; }

    /// <summary>Transformer blocks stored in the file (SD 2.x single files store one more than diffusers keeps).</summary>
    public int StoredLayers { get; }

    /// <summary>The encoder's tensors under module names.</summary>
    public SafetensorsWeightSource Weights { get; }

    /// <summary>The tokenizer folder (<c>vocab.json</c> + <c>merges.txt</c>), when the checkpoint has one or one was given.</summary>
    public string? TokenizerDirectory { get; }

    /// <summary>
    /// How prompts are padded to 77: SD 1.x and SDXL's first encoder with <c>&lt;|endoftext|&gt;</c>, SD 2.x and SDXL's
    /// OpenCLIP encoder with <c>!</c> (algorithm.md §8.7).
    /// </summary>
    public PaddingStyle Padding => Family == ModelFamily.SD21 || Index == 1 ? PaddingStyle.Zero : PaddingStyle.EndOfText;

    /// <summary>
    /// The run whose output conditions the UNet: SD 1.x and SD 2.x take the final-layer-normed output of the blocks
    /// diffusers keeps (SD 2.x: the penultimate OpenCLIP block); SDXL takes <c>hidden_states[-2]</c>, un-normed.
    /// </summary>
    public ClipRunOptions ConditioningRun => Family == ModelFamily.SDXL
        ? new ClipRunOptions(Config.NumHiddenLayers - 1, ApplyFinalLayerNorm: false)
        : new ClipRunOptions(Config.NumHiddenLayers, ApplyFinalLayerNorm: true);

    /// <summary>The tokenizer, with this encoder's padding (read on first use, then shared).</summary>
    /// <exception cref="CheckpointException">The checkpoint has no tokenizer and none was given.</exception>
    public ClipTokenizer OpenTokenizer() => tokenizer.Value;

    private ClipTokenizer ReadTokenizer()
    {
        if (TokenizerDirectory is null)
        {
            throw new CheckpointException(
                CheckpointError.MissingTokenizer,
                $"{Name} has no tokenizer: pass a tokenizer folder (vocab.json + merges.txt), or place one beside the file " +
                "as '<file name>.tokenizer/' ('<file name>.tokenizer_2/' for SDXL's second encoder)",
                Weights.Description);
        }

        return ClipTokenizer.FromDirectory(TokenizerDirectory, Padding);
    }

    /// <summary>Builds the encoder and loads its weights (gradients off), in <paramref name="dtype"/>.</summary>
    /// <param name="dtype">The element type of the parameters.</param>
    /// <param name="layers">Build and load only the first this many blocks (the edit needs only layer 0): null for all.</param>
    /// <param name="tokenRows">
    /// Load only these vocabulary rows of the token embedding (the model then accepts only these ids): null for all.
    /// </param>
    public ClipTextModel LoadModel(ScalarType dtype = ScalarType.Float32, int? layers = null, IReadOnlyList<int>? tokenRows = null)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        if (layers is int count)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(layers));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Config.NumHiddenLayers, nameof(layers));
        }

        var model = new ClipTextModel(layers is int n ? Config with { NumHiddenLayers = n } : Config, ModuleWeights.LoadDevice, tokenRows);
        IWeightSource source = tokenRows is null
            ? Weights
            : new TokenRowsWeightSource(Weights, "text_model.embeddings.token_embedding.weight", tokenRows);
        ModuleWeights.Load(model, source, dtype);
        model.eval();
        return model;
    }
}
