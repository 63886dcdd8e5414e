using QuickFix.Checkpoints;
using QuickFix.Runtime;
using QuickFix.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Models.Clip;

/// <summary>
/// Turns prompts into exactly what a checkpoint's UNet is conditioned on: tokenize with each encoder's tokenizer and
/// padding, run each encoder with its family's semantics, and concatenate the encoders' features (SDXL).
/// </summary>
public sealed class TextConditioner : IDisposable
{
    private readonly List<(TextEncoderComponent Component, ClipTokenizer Tokenizer, ClipTextModel Model)> encoders;

    private TextConditioner(List<(TextEncoderComponent, ClipTokenizer, ClipTextModel)> encoders)
    {
        this.encoders = encoders;
    }

    /// <summary>Loads the tokenizer and weights of one encoder (<paramref name="encoderIndex"/>) or of all of them.</summary>
    /// <exception cref="CheckpointException">The checkpoint has no encoder of that index.</exception>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="encoderIndex">One encoder, or null for all (what the UNet receives).</param>
    /// <param name="overrides">
    /// Parameters to use instead of the checkpoint's, by (encoder index, module name): an edit's result, so images can
    /// be regenerated with the edited encoder before the edited checkpoint is written.
    /// </param>
    public static TextConditioner Load(
        Checkpoint checkpoint, int? encoderIndex = null, IReadOnlyDictionary<(int Encoder, string Name), Tensor>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TorchRuntime.EnsureLoaded();
        var selected = checkpoint.SelectTextEncoders(encoderIndex);
        var loaded = new List<(TextEncoderComponent, ClipTokenizer, ClipTextModel)>();
        foreach (var component in selected)
        {
            var tokenizer = component.OpenTokenizer();
            var model = component.LoadModel();
            foreach (var ((encoder, name), value) in overrides ?? new Dictionary<(int, string), Tensor>())
            {
                if (encoder == component.Index)
                {
                    var parameter = model.named_parameters().FirstOrDefault(p => p.name == name).parameter
                        ?? throw new ArgumentException($"{component.Name} has no parameter '{name}' to override.", nameof(overrides));
                    using var noGrad = torch.no_grad();
                    parameter.copy_(value);
                }
            }

            loaded.Add((component, tokenizer, model));
        }

        return new TextConditioner(loaded);
    }

    /// <summary>The feature width of the conditioning (sum over the encoders used).</summary>
    public int Width => encoders.Sum(e => e.Component.Config.HiddenSize);

    /// <summary>Encodes <paramref name="prompts"/> in one batch per encoder.</summary>
    public IReadOnlyList<EncodedPrompt> Encode(IReadOnlyList<string> prompts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0)
        {
            return [];
        }

        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var ids = new List<long[][]>();
        var features = new List<Tensor>();
        float[]? pooled = null;
        foreach (var (component, tokenizer, model) in encoders)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var padded = prompts.Select(p => tokenizer.EncodePadded(p).Select(id => (long)id).ToArray()).ToArray();
            ids.Add(padded);
            var input = torch.tensor(padded.SelectMany(row => row).ToArray(), [prompts.Count, ClipTokenizer.ContextLength]);
            if (!component.Config.HasProjection)
            {
                features.Add(model.Run(input, component.ConditioningRun).Conditioning);
                continue;
            }

            // One full run gives both what SDXL's UNet attends to (hidden_states[-2]) and the pooled text_embeds.
            var run = component.ConditioningRun;
            var full = model.Run(input, new ClipRunOptions(component.Config.NumHiddenLayers, ApplyFinalLayerNorm: true, KeepHiddenStates: true));
            var state = full.HiddenStates[run.LayersToRun];
            features.Add(run.ApplyFinalLayerNorm ? model.FinalLayerNorm(state) : state);
            var endOfText = padded.Select(row => (long)Array.IndexOf(row, (long)tokenizer.EndOfTextId)).ToArray();
            pooled = model.ProjectPooled(full.Conditioning, endOfText).to(ScalarType.Float32).contiguous().data<float>().ToArray();
        }

        var conditioning = (features.Count == 1 ? features[0] : torch.cat(features, dim: -1)).to(ScalarType.Float32).contiguous();
        var width = (int)conditioning.shape[^1];
        var all = conditioning.data<float>().ToArray();
        var rowLength = ClipTokenizer.ContextLength * width;
        var pooledWidth = pooled is null ? 0 : pooled.Length / prompts.Count;
        return prompts.Select((prompt, i) => new EncodedPrompt(
            prompt,
            ids.Select(perEncoder => (IReadOnlyList<long>)perEncoder[i]).ToArray(),
            all.AsSpan(i * rowLength, rowLength).ToArray(),
            width,
            pooled?.AsSpan(i * pooledWidth, pooledWidth).ToArray())).ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, _, model) in encoders)
        {
            model.Dispose();
        }
    }
}
