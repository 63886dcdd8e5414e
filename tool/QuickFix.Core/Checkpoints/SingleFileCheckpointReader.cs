using System.Globalization;
using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints;

/// <summary>
/// Opens a single-file (LDM/SGM layout) checkpoint: detects the family from its tensor names, infers each text
/// encoder's architecture from tensor shapes (a single file stores no config), and maps the encoder's tensors to
/// transformers names through the family's key table (algorithm.md §7).
/// </summary>
internal static class SingleFileCheckpointReader
{
    private const string Sd1Prefix = "cond_stage_model.transformer.";
    private const string Sd1Current = Sd1Prefix + "text_model.";
    private const string Sd2Prefix = "cond_stage_model.model.";
    private const string SdxlClipLPrefix = "conditioner.embedders.0.transformer.";
    private const string SdxlBigGPrefix = "conditioner.embedders.1.model.";

    /// <summary>Reads the checkpoint <paramref name="file"/> (a safetensors file or a pickle checkpoint's view), which it then owns.</summary>
    public static Checkpoint Open(SafetensorsFile file, string? tokenizerDirectory)
    {
        var path = file.Path;
        try
        {
            var family = DetectFamily(file);
            var encoders = new List<TextEncoderComponent>();
            switch (family)
            {
                case ModelFamily.SD15:
                    encoders.Add(HuggingFaceEncoder(file, 0, family, legacy: !HasPrefix(file, Sd1Current), tokenizerDirectory));
                    break;
                case ModelFamily.SD21:
                    encoders.Add(OpenClipEncoder(file, 0, family, Sd2Prefix, tokenizerDirectory));
                    break;
                default:
                    encoders.Add(HuggingFaceEncoder(file, 0, family, legacy: false, tokenizerDirectory));
                    encoders.Add(OpenClipEncoder(file, 1, family, SdxlBigGPrefix, tokenizerDirectory));
                    break;
            }

            var files = new[] { new CheckpointComponentFile("all", System.IO.Path.GetFileName(path), file) };
            return new Checkpoint(path, CheckpointLayout.SingleFile, family, files, encoders);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>The family from marker tensors, as other tools detect it (algorithm.md §7).</summary>
    internal static ModelFamily DetectFamily(SafetensorsFile file)
    {
        if (HasPrefix(file, SdxlBigGPrefix + "transformer.resblocks."))
        {
            return ModelFamily.SDXL;
        }

        if (HasPrefix(file, Sd2Prefix + "transformer.resblocks."))
        {
            return ModelFamily.SD21;
        }

        if (HasPrefix(file, Sd1Current + "encoder.layers.") || HasPrefix(file, Sd1Prefix + "encoder.layers."))
        {
            return ModelFamily.SD15;
        }

        throw new CheckpointException(
            CheckpointError.UnknownFamily,
            $"no text encoder tensors of a supported family: expected names starting with '{Sd1Current}' (SD 1.x), " +
            $"'{Sd2Prefix}transformer.resblocks.' (SD 2.x) or '{SdxlBigGPrefix}transformer.resblocks.' (SDXL)",
            file.Path);
    }

    private static TextEncoderComponent HuggingFaceEncoder(
        SafetensorsFile file, int index, ModelFamily family, bool legacy, string? tokenizerDirectory)
    {
        var prefix = family == ModelFamily.SDXL ? SdxlClipLPrefix : Sd1Prefix;
        var textModel = legacy ? prefix : prefix + "text_model.";
        var token = Require(file, textModel + "embeddings.token_embedding.weight");
        var position = Require(file, textModel + "embeddings.position_embedding.weight");
        var fc1 = Require(file, textModel + "encoder.layers.0.mlp.fc1.weight");
        var config = InferConfig(
            token, position, fc1, CountBlocks(file, textModel + "encoder.layers."), "quick_gelu", projectionDim: null);
        var mappings = ClipTextLayout.BuildHuggingFace(config, DiffusersFiles.TextEncoder, prefix).Mappings;
        return Component(file, index, family, config, config.NumHiddenLayers, mappings, legacy ? Sd1Current : null, Sd1Prefix, tokenizerDirectory);
    }

    private static TextEncoderComponent OpenClipEncoder(
        SafetensorsFile file, int index, ModelFamily family, string prefix, string? tokenizerDirectory)
    {
        var token = Require(file, prefix + "token_embedding.weight");
        var position = Require(file, prefix + "positional_embedding");
        var fc = Require(file, prefix + "transformer.resblocks.0.mlp.c_fc.weight");
        var stored = CountBlocks(file, prefix + "transformer.resblocks.");
        int? projection = family == ModelFamily.SDXL ? (int)Require(file, prefix + "text_projection").Shape[^1] : null;

        // SD 2.x uses the penultimate OpenCLIP block, so diffusers keeps one block fewer than the file stores.
        var kept = family == ModelFamily.SD21 ? stored - 1 : stored;
        var config = InferConfig(token, position, fc, kept, "gelu", projection);
        var mappings = ClipTextLayout.BuildOpenClip(
            config, index == 0 ? DiffusersFiles.TextEncoder : DiffusersFiles.TextEncoder2, prefix, stored).Mappings;
        return Component(file, index, family, config, stored, mappings, null, null, tokenizerDirectory);
    }

    private static TextEncoderComponent Component(
        SafetensorsFile file, int index, ModelFamily family, ClipTextConfig config, int storedLayers,
        IReadOnlyList<TensorMapping> mappings, string? renameFrom, string? renameTo, string? tokenizerDirectory)
    {
        var locations = new Dictionary<string, TensorLocation>(StringComparer.Ordinal);
        foreach (var mapping in mappings)
        {
            // Legacy SD 1.x files omit "text_model." after the prefix (A1111's checkpoint_dict_replacements).
            var name = renameFrom is not null && mapping.FileName.StartsWith(renameFrom, StringComparison.Ordinal)
                ? renameTo + mapping.FileName[renameFrom.Length..]
                : mapping.FileName;
            if (!file.TryGetTensor(name, out var info))
            {
                if (mapping.OptionalGroup != OptionalTensors.None)
                {
                    continue;
                }

                throw new CheckpointException(
                    CheckpointError.UnexpectedTensor, $"text encoder tensor '{name}' is missing", file.Path, name);
            }

            if (!info.Shape.SequenceEqual(mapping.FileShape.Dimensions))
            {
                throw new CheckpointException(
                    CheckpointError.UnexpectedTensor,
                    $"tensor '{name}' has shape [{string.Join(", ", info.Shape)}], expected {mapping.FileShape}",
                    file.Path,
                    name);
            }

            locations[mapping.DiffusersName] = new TensorLocation(
                file, name, mapping.RowStart, mapping.RowCount, mapping.Transform == TensorTransform.Transpose);
        }

        var tokenizer = TokenizerLocator.Find(tokenizerDirectory, index, TokenizerLocator.Sidecar(file.Path, index));
        var description = $"{file.Path} ({(index == 0 ? "text_encoder" : "text_encoder_2")})";
        return new TextEncoderComponent(index, family, config, storedLayers, new SafetensorsWeightSource(description, locations), tokenizer);
    }

    private static ClipTextConfig InferConfig(
        TensorInfo token, TensorInfo position, TensorInfo fc1, int layers, string activation, int? projectionDim)
    {
        var width = (int)token.Shape[1];
        return new ClipTextConfig
        {
            VocabSize = (int)token.Shape[0],
            HiddenSize = width,
            MaxPositionEmbeddings = (int)position.Shape[0],
            IntermediateSize = (int)fc1.Shape[0],
            NumHiddenLayers = layers,
            // Every released CLIP/OpenCLIP text tower has 64-wide heads, and a single file stores no head count
            // (openai/CLIP build_model: transformer_heads = width // 64).
            NumAttentionHeads = Math.Max(1, width / 64),
            HiddenAct = activation,
            ProjectionDim = projectionDim ?? width,
            Architectures = [projectionDim is null ? "CLIPTextModel" : "CLIPTextModelWithProjection"],
        };
    }

    private static int CountBlocks(SafetensorsFile file, string blockPrefix)
    {
        var indices = new HashSet<int>();
        foreach (var tensor in file.Tensors)
        {
            if (!tensor.Name.StartsWith(blockPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = tensor.Name.AsSpan(blockPrefix.Length);
            var dot = rest.IndexOf('.');
            if (dot > 0 && int.TryParse(rest[..dot], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                indices.Add(index);
            }
        }

        if (indices.Count == 0 || indices.Max() != indices.Count - 1)
        {
            throw new CheckpointException(
                CheckpointError.UnexpectedTensor, $"blocks under '{blockPrefix}' are not numbered 0..n-1", file.Path);
        }

        return indices.Count;
    }

    private static TensorInfo Require(SafetensorsFile file, string name) =>
        file.TryGetTensor(name, out var info) && info.Shape.Count == 2
            ? info
            : throw new CheckpointException(CheckpointError.UnexpectedTensor, $"expected a 2-D tensor '{name}'", file.Path, name);

    private static bool HasPrefix(SafetensorsFile file, string prefix) =>
        file.Tensors.Any(t => t.Name.StartsWith(prefix, StringComparison.Ordinal));
}
