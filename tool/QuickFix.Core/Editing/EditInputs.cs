using System.Globalization;
using QuickFix.Checkpoints;
using QuickFix.Models;
using QuickFix.Models.Clip;
using QuickFix.Text;
using TorchSharp;

namespace QuickFix.Editing;

/// <summary>
/// Refusals of what an edit reads, before anything is solved or written: prompts that CLIP would cut off, tensors
/// whose dtype is not a floating-point one, and NaN or infinity anywhere in the weights loaded for the edit
/// (embeddings, the blocks up to the edited one), each naming the tensor as the file calls it. A NaN in the token
/// embedding or a <c>q_proj</c> would otherwise reach the keys and be reported against <c>out_proj</c>, or worse,
/// an integer weight would be converted without a word.
/// </summary>
internal static class EditInputs
{
    private const string TokenEmbeddingName = "text_model.embeddings.token_embedding.weight";

    /// <summary>
    /// Every prompt the edit encodes must fit CLIP's 75 content tokens: a longer one would be truncated and the edit
    /// would act on a cut-off prompt. A recipe is checked for this at its own lines before it gets here
    /// (<c>RecipeModelChecks</c>); this guards every other caller.
    /// </summary>
    /// <exception cref="EditException"><see cref="EditError.InvalidOptions"/> at the first prompt that is too long.</exception>
    public static void RequirePromptsFit(TextEncoderComponent encoder, ClipTokenizer tokenizer, IReadOnlyList<ConceptEdit> edits, EditOptions options)
    {
        const int MaxTokens = ClipTokenizer.ContextLength - 2;
        foreach (var (prompt, origin) in KeyValueCollector.Prompts(edits, options))
        {
            var count = tokenizer.CountTokens(prompt);
            if (count > MaxTokens)
            {
                throw new EditException(
                    EditError.InvalidOptions,
                    $"Cannot edit {encoder.Name}: {origin} is {count} CLIP tokens long; at most {MaxTokens} fit, and a longer prompt would be cut off.",
                    encoder.Weights.Description);
            }
        }
    }

    /// <summary>
    /// The module names of every tensor an edit of block <paramref name="layer"/> reads: for layer 0, what
    /// <see cref="FirstBlockAttention"/> reads and the edited <c>out_proj</c>; for a later layer, every parameter of the
    /// encoder up to that block (named by building it on the meta device, which holds no memory).
    /// </summary>
    public static IReadOnlyList<string> TensorsRead(TextEncoderComponent encoder, int layer, IReadOnlyList<int> tokenRows)
    {
        if (layer == 0)
        {
            return [.. FirstBlockAttention.TensorNames, DiffQuickFix.WeightName(0), "text_model.encoder.layers.0.self_attn.out_proj.bias"];
        }

        Runtime.TorchRuntime.EnsureLoaded();
        using var layout = new ClipTextModel(encoder.Config with { NumHiddenLayers = layer + 1 }, ModuleWeights.LoadDevice, tokenRows);
        return [.. layout.named_parameters().Select(parameter => parameter.name)];
    }

    /// <summary>
    /// Every tensor in <paramref name="names"/> must be F64, F32, F16 or BF16. Checked on the headers, before any byte
    /// is read.
    /// </summary>
    /// <exception cref="EditException"><see cref="EditError.UnsupportedDType"/> naming the first such tensor.</exception>
    public static void RequireFloatingPoint(TextEncoderComponent encoder, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            var location = encoder.Weights.Locate(name);
            var dtype = location.Info.DType;
            if (dtype is not (SafetensorsDType.F64 or SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16))
            {
                throw new EditException(
                    EditError.UnsupportedDType,
                    $"{name} ('{location.TensorName}') is stored as {dtype.ToName()}; the edit reads weights stored as F64, F32, F16 or BF16 only.",
                    location.File.Path,
                    location.TensorName);
            }
        }
    }

    /// <summary>
    /// <paramref name="values"/>, read from tensor <paramref name="name"/>, must be finite; for the token embedding
    /// (read as the rows <paramref name="tokenRows"/>) the place is given as vocabulary row and column.
    /// </summary>
    /// <exception cref="EditException"><see cref="EditError.NonFinite"/> naming the tensor and element.</exception>
    public static void RequireFinite(TextEncoderComponent encoder, string name, double[] values, int width, IReadOnlyList<int>? tokenRows = null)
    {
        var index = Array.FindIndex(values, v => !double.IsFinite(v));
        if (index < 0)
        {
            return;
        }

        var place = tokenRows is not null
            ? string.Create(CultureInfo.InvariantCulture, $"vocabulary row {tokenRows[index / width]} (a token the prompts use), column {index % width}")
            : string.Create(CultureInfo.InvariantCulture, $"element {index}");
        throw NonFinite(name, encoder.Weights.Locate(name), values[index], place);
    }

    /// <summary>Every parameter of <paramref name="model"/>, loaded for the edit, must be finite.</summary>
    /// <exception cref="EditException"><see cref="EditError.NonFinite"/> naming the first tensor and element that is not.</exception>
    public static void RequireFinite(TextEncoderComponent encoder, ClipTextModel model, IReadOnlyList<int> tokenRows)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var flat = parameter.detach().flatten();
            var bad = flat.isfinite().logical_not().nonzero();
            if (bad.shape[0] == 0)
            {
                continue;
            }

            var index = bad[0, 0].item<long>();
            var value = flat[index].to_type(torch.ScalarType.Float64).item<double>();
            var place = name == TokenEmbeddingName
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $"vocabulary row {tokenRows[(int)(index / parameter.shape[1])]} (a token the prompts use), column {index % parameter.shape[1]}")
                : string.Create(CultureInfo.InvariantCulture, $"element {index}");
            throw NonFinite(name, encoder.Weights.Locate(name), value, place);
        }
    }

    /// <summary>The refusal of a NaN or infinity: what holds it, the file's tensor, the value and where it is.</summary>
    public static EditException NonFinite(string what, TensorLocation location, double value, string place) => new(
        EditError.NonFinite,
        string.Create(CultureInfo.InvariantCulture, $"{what} ('{location.TensorName}' in the file) holds {value} at {place}; nothing was written."),
        location.File.Path,
        location.TensorName);
}
