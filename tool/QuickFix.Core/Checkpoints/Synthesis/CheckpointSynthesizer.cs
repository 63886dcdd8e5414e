using System.Globalization;
using System.Reflection;
using System.Text;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Text;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// Writes random-weight Stable Diffusion checkpoints with the exact tensor names, shapes, dtypes and files of a real
/// family (<c>quickfix synth</c>, design.md "Command-line contract"), so that tests and demos need no download.
/// </summary>
/// <remarks>
/// <para><b>Deterministic.</b> Each tensor's values depend only on the seed and the tensor's identity (see
/// <see cref="SynthesisOptions"/>): a counter-based generator (SplitMix64 keyed by XxHash64 of the name) gives every
/// element independently, computed in float64 and rounded once to the file's dtype, so the same options give
/// byte-identical files whatever the machine, core count or <see cref="SynthesisOptions.MaxDegreeOfParallelism"/>.
/// Random tensors are keyed by their diffusers name, so a diffusers folder and a single file synthesized with the same
/// seed hold the same network.</para>
/// <para><b>Numerically sane.</b> Linear and conv weights are uniform with standard deviation 1/sqrt(fan_in), norm
/// weights 1 ± small noise, biases small, token embeddings std 0.02, position embeddings 0.01; schedule buffers,
/// <c>denoiser.sigmas</c>, <c>position_ids</c> and <c>logit_scale</c> hold their defined values.</para>
/// <para><b>Crash-safe.</b> A diffusers folder is built in a hidden sibling folder and renamed into place (an existing
/// folder is renamed aside first and deleted once the new one is in); a single file is written through
/// <see cref="SafetensorsWriter.WriteFile"/> and its tokenizer sidecars are staged likewise. A failure or cancellation
/// leaves no partial output and any previous output intact.</para>
/// <para>Every weights file's metadata holds <c>format: pt</c>, <c>quickfix.synth.family</c>, <c>.size</c>, <c>.seed</c>,
/// <c>.dtype</c> (spelled as on the command line: <c>sd15</c>, <c>tiny</c>, <c>f16</c>) and <c>quickfix.version</c>.
/// Text encoder configs carry the BOS, EOS and pad ids of the tokenizer written beside them.</para>
/// </remarks>
public static class CheckpointSynthesizer
{
    private const string SingleFileExtension = ".safetensors";

    /// <summary>Writes the checkpoint <paramref name="options"/> describe.</summary>
    /// <param name="options">What to write and where.</param>
    /// <param name="progress">Receives tensor bytes written, after each batch; may be null.</param>
    /// <param name="cancellationToken">Stops the synthesis; nothing is left behind.</param>
    /// <returns>The files written, with their hashes.</returns>
    /// <exception cref="SynthesisOutputException">The output path is of the wrong kind (file/folder) or extension.</exception>
    /// <exception cref="TokenizerFormatException">The tokenizer folder is missing or malformed.</exception>
    /// <exception cref="OperationCanceledException">The synthesis was cancelled.</exception>
    public static SynthesisResult Synthesize(SynthesisOptions options, IProgress<SynthesisProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        Validate(options);
        var target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.OutputPath));
        return options.Layout == CheckpointLayout.Diffusers
            ? SynthesizeDiffusers(options, target, progress, cancellationToken)
            : SynthesizeSingleFile(options, target, progress, cancellationToken);
    }

    private static SynthesisResult SynthesizeDiffusers(SynthesisOptions options, string target, IProgress<SynthesisProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (File.Exists(target))
        {
            throw new SynthesisOutputException($"{target}: a diffusers checkpoint is a folder, but a file exists at this path.", target);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = OutputStaging.CreateSibling(target);
        try
        {
            var tokenizerFiles = new List<SynthesizedFile>();
            var configFiles = new List<SynthesizedFile>();
            var weightsFiles = new List<SynthesizedFile>();
            var tokenizers = WriteTokenizers(options, staging, "tokenizer", "tokenizer_2", tokenizerFiles);
            var inventory = CheckpointInventory.Create(ConfigFor(options, tokenizers), CheckpointLayout.Diffusers, options.DType, options.Optional);
            foreach (var config in inventory.ConfigFiles)
            {
                var path = Path.Combine(staging, config.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, config.Json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                configFiles.Add(new SynthesizedFile(config.RelativePath, CheckpointHasher.HashFile(path, 0, cancellationToken)));
            }

            var weights = new WeightsWriter(options, inventory, progress, cancellationToken);
            foreach (var file in inventory.Files)
            {
                var relativePath = SynthesisPaths.DiffusersVariantPath(file.RelativePath, options.DType);
                var hashes = weights.Write(file, relativePath, Path.Combine(staging, relativePath));
                weightsFiles.Add(new SynthesizedFile(relativePath, hashes));
            }

            cancellationToken.ThrowIfCancellationRequested();
            OutputStaging.Replace(staging, target);
            return new SynthesisResult(target, CheckpointLayout.Diffusers, KindOf(options), tokenizers.First.VocabularySize,
                [.. weightsFiles, .. configFiles, .. tokenizerFiles]);
        }
        finally
        {
            OutputStaging.DeleteIfPresent(staging);
        }
    }

    private static SynthesisResult SynthesizeSingleFile(SynthesisOptions options, string target, IProgress<SynthesisProgress>? progress,
        CancellationToken cancellationToken)
    {
        if (Directory.Exists(target))
        {
            throw new SynthesisOutputException($"{target}: a single-file checkpoint is a file, but a folder exists at this path.", target);
        }

        if (!string.Equals(Path.GetExtension(target), SingleFileExtension, StringComparison.OrdinalIgnoreCase))
        {
            throw new SynthesisOutputException($"{target}: a single-file checkpoint must be named *{SingleFileExtension}.", target);
        }

        var sidecars = new[] { SynthesisPaths.TokenizerSidecarDirectory(target, 0), SynthesisPaths.TokenizerSidecarDirectory(target, 1) };
        var sidecarNames = sidecars.Select(sidecar => Path.GetFileName(sidecar)).ToArray();
        if (sidecars.FirstOrDefault(File.Exists) is { } taken)
        {
            throw new SynthesisOutputException($"{taken}: the tokenizer sidecar folder of {target} is taken by a file.", taken);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var staging = OutputStaging.CreateSibling(target);
        try
        {
            var tokenizerFiles = new List<SynthesizedFile>();
            var tokenizers = WriteTokenizers(options, staging, sidecarNames[0], sidecarNames[1], tokenizerFiles);
            var inventory = CheckpointInventory.Create(ConfigFor(options, tokenizers), CheckpointLayout.SingleFile, options.DType, options.Optional);
            var fileName = Path.GetFileName(target);
            var hashes = new WeightsWriter(options, inventory, progress, cancellationToken).Write(inventory.Files.Single(), fileName, target);
            SynthesizedFile[] files = [new(fileName, hashes), .. tokenizerFiles];

            // The file is in place; from here on only renames, which are not interrupted by cancellation.
            var encoders = tokenizers.Second is null ? 1 : 2;
            for (var i = 0; i < sidecars.Length; i++)
            {
                if (i < encoders)
                {
                    OutputStaging.Replace(Path.Combine(staging, sidecarNames[i]), sidecars[i]);
                }
                else
                {
                    OutputStaging.DeleteIfPresent(sidecars[i]); // a stale second tokenizer would be taken for this model's
                }
            }

            return new SynthesisResult(target, CheckpointLayout.SingleFile, KindOf(options), tokenizers.First.VocabularySize, files);
        }
        finally
        {
            OutputStaging.DeleteIfPresent(staging);
        }
    }

    /// <summary>Writes the tokenizer folder(s) under <paramref name="root"/> and lists their files.</summary>
    private static (ClipTokenizer First, ClipTokenizer? Second) WriteTokenizers(SynthesisOptions options, string root, string firstFolder,
        string secondFolder, List<SynthesizedFile> files)
    {
        ClipTokenizer Write(string folder, int encoderIndex)
        {
            var directory = Path.Combine(root, folder);
            var tokenizer = TokenizerFolderWriter.Write(directory, options.TokenizerDirectory, TokenizerFolderWriter.PaddingOf(options.Family, encoderIndex));
            foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                files.Add(new SynthesizedFile(folder + "/" + Path.GetFileName(path), CheckpointHasher.HashFile(path, 0)));
            }

            return tokenizer;
        }

        var first = Write(firstFolder, 0);
        var second = options.Family == ModelFamily.SDXL ? Write(secondFolder, 1) : null;
        return (first, second);
    }

    /// <summary>The architecture, with text configs whose special-token ids are those of the tokenizers written.</summary>
    private static StableDiffusionConfig ConfigFor(SynthesisOptions options, (ClipTokenizer First, ClipTokenizer? Second) tokenizers)
    {
        var config = StableDiffusionConfig.Create(options.Family, options.Size, tokenizers.First.VocabularySize);
        static ClipTextConfig WithIds(ClipTextConfig text, ClipTokenizer tokenizer) => text with
        {
            BosTokenId = tokenizer.BeginOfTextId,
            EosTokenId = tokenizer.EndOfTextId,
            PadTokenId = tokenizer.PadId,
        };

        return config with
        {
            TextEncoder = WithIds(config.TextEncoder, tokenizers.First),
            TextEncoder2 = config.TextEncoder2 is null || tokenizers.Second is null ? config.TextEncoder2 : WithIds(config.TextEncoder2, tokenizers.Second),
        };
    }

    private static SynthesisTokenizerKind KindOf(SynthesisOptions options) =>
        options.TokenizerDirectory is null ? SynthesisTokenizerKind.Tiny : SynthesisTokenizerKind.Copied;

    private static void Validate(SynthesisOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.OutputPath, nameof(options));
        if (!Enum.IsDefined(options.Family) || !Enum.IsDefined(options.Size) || !Enum.IsDefined(options.Layout))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options, "Unknown family, size or layout.");
        }

        if (options.DType is not (TensorDType.F32 or TensorDType.F16 or TensorDType.BF16))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.DType, "A checkpoint's float dtype must be F32, F16 or BF16.");
        }

        if (options.MaxDegreeOfParallelism is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "The degree of parallelism must be at least 1.");
        }
    }

    /// <summary>Writes the weights files of one inventory, reporting progress over all of them.</summary>
    private sealed class WeightsWriter(SynthesisOptions options, CheckpointInventory inventory, IProgress<SynthesisProgress>? progress,
        CancellationToken cancellationToken)
    {
        private readonly TensorValuePlanner planner = new(options.Seed, CheckpointKeyMap.Create(inventory.Config));
        private readonly long totalBytes = inventory.DataByteCount;
        private long bytesWritten;

        public FileHashes Write(CheckpointFile file, string relativePath, string path)
        {
            var data = new TensorDataWriter(options.MaxDegreeOfParallelism ?? Environment.ProcessorCount, count =>
            {
                bytesWritten += count;
                progress?.Report(new SynthesisProgress(relativePath, bytesWritten, totalBytes));
            }, cancellationToken);
            var writer = new SafetensorsWriter();
            foreach (var (key, value) in Metadata(options))
            {
                writer.Metadata[key] = value;
            }

            foreach (var spec in file.Tensors)
            {
                var values = inventory.Layout == CheckpointLayout.Diffusers ? planner.ForDiffusers(file.RelativePath, spec) : planner.ForSingleFile(spec);
                var dtype = ToSafetensors(spec.DType);
                var count = spec.Shape.ElementCount;
                writer.Add(spec.Name, dtype, spec.Shape.Dimensions, stream => data.Write(stream, values, dtype, count));
            }

            return writer.WriteFile(path, cancellationToken);
        }

        private static IEnumerable<KeyValuePair<string, string>> Metadata(SynthesisOptions options)
        {
            yield return new("format", "pt");
            yield return new("quickfix.synth.family", options.Family.ToString().ToLowerInvariant());
            yield return new("quickfix.synth.size", options.Size.ToString().ToLowerInvariant());
            yield return new("quickfix.synth.seed", options.Seed.ToString(CultureInfo.InvariantCulture));
            yield return new("quickfix.synth.dtype", options.DType.ToString().ToLowerInvariant());
            yield return new("quickfix.version", ToolVersion());
        }

        /// <summary>The engine's version without build metadata (<c>+commit</c>), so that the bytes depend on the release, not the build.</summary>
        private static string ToolVersion()
        {
            var version = typeof(CheckpointSynthesizer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? typeof(CheckpointSynthesizer).Assembly.GetName().Version?.ToString() ?? "0.0.0";
            var plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version[..plus];
        }

        private static SafetensorsDType ToSafetensors(TensorDType dtype) => dtype switch
        {
            TensorDType.F32 => SafetensorsDType.F32,
            TensorDType.F16 => SafetensorsDType.F16,
            TensorDType.BF16 => SafetensorsDType.BF16,
            TensorDType.I64 => SafetensorsDType.I64,
            TensorDType.I32 => SafetensorsDType.I32,
            _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown tensor dtype."),
        };
    }
}
