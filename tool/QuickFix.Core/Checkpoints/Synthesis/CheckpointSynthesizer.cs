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
        TensorValuePlanner? planner = null;
        return WriteDiffusers(
            new DiffusersOutput(
                target,
                options.DType,
                tokenizer => ConfigFor(options, (tokenizer, null)),
                options.TokenizerDirectory,
                TokenizerFolderWriter.PaddingOf(options.Family, 0),
                options.Optional,
                Metadata(options),
                options.MaxDegreeOfParallelism ?? Environment.ProcessorCount,
                (inventory, file, spec) => (planner ??= new TensorValuePlanner(options.Seed, CheckpointKeyMap.Create(inventory.Config))).ForDiffusers(file, spec),
                KindOf(options)),
            options.Family == ModelFamily.SDXL ? (options.TokenizerDirectory, TokenizerFolderWriter.PaddingOf(options.Family, 1)) : null,
            progress,
            cancellationToken);
    }

    /// <summary>
    /// Writes a diffusers folder whose tensor values come from <see cref="DiffusersOutput.Values"/>: the synthesizer's
    /// random weights, or a trained model's (<c>QuickFix.Training</c>). Same files, configs, tokenizer folders and
    /// crash safety either way.
    /// </summary>
    /// <param name="output">What to write.</param>
    /// <param name="secondTokenizer">SDXL's second tokenizer (source folder and padding), or null.</param>
    /// <param name="progress">Receives tensor bytes written; may be null.</param>
    /// <param name="cancellationToken">Stops the write; nothing is left behind.</param>
    internal static SynthesisResult WriteDiffusers(DiffusersOutput output, (string? Source, PaddingStyle Padding)? secondTokenizer,
        IProgress<SynthesisProgress>? progress, CancellationToken cancellationToken)
    {
        var target = output.Target;
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
            var first = WriteTokenizer(staging, "tokenizer", output.TokenizerDirectory, output.Padding, tokenizerFiles);
            var config = output.ConfigFor(first);
            if (secondTokenizer is { } second)
            {
                var tokenizer2 = WriteTokenizer(staging, "tokenizer_2", second.Source, second.Padding, tokenizerFiles);
                config = config with { TextEncoder2 = config.TextEncoder2 is null ? null : WithIds(config.TextEncoder2, tokenizer2) };
            }

            var inventory = CheckpointInventory.Create(config, CheckpointLayout.Diffusers, output.DType, output.Optional);
            foreach (var configFile in inventory.ConfigFiles)
            {
                var path = Path.Combine(staging, configFile.RelativePath);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, configFile.Json, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
                configFiles.Add(new SynthesizedFile(configFile.RelativePath, CheckpointHasher.HashFile(path, 0, cancellationToken)));
            }

            var weights = new WeightsWriter(output.Parallelism, output.Metadata, inventory,
                (file, spec) => output.Values(inventory, file, spec), progress, cancellationToken);
            foreach (var file in inventory.Files)
            {
                var relativePath = SynthesisPaths.DiffusersVariantPath(file.RelativePath, output.DType);
                var hashes = weights.Write(file, relativePath, Path.Combine(staging, relativePath));
                weightsFiles.Add(new SynthesizedFile(relativePath, hashes));
            }

            cancellationToken.ThrowIfCancellationRequested();
            OutputStaging.Replace(staging, target);
            return new SynthesisResult(target, CheckpointLayout.Diffusers, output.Kind, first.VocabularySize,
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
            var planner = new TensorValuePlanner(options.Seed, CheckpointKeyMap.Create(inventory.Config));
            var hashes = new WeightsWriter(options.MaxDegreeOfParallelism ?? Environment.ProcessorCount, Metadata(options), inventory,
                (_, spec) => planner.ForSingleFile(spec), progress, cancellationToken).Write(inventory.Files.Single(), fileName, target);
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
        var first = WriteTokenizer(root, firstFolder, options.TokenizerDirectory, TokenizerFolderWriter.PaddingOf(options.Family, 0), files);
        var second = options.Family == ModelFamily.SDXL
            ? WriteTokenizer(root, secondFolder, options.TokenizerDirectory, TokenizerFolderWriter.PaddingOf(options.Family, 1), files)
            : null;
        return (first, second);
    }

    /// <summary>Writes one tokenizer folder under <paramref name="root"/> and lists its files.</summary>
    private static ClipTokenizer WriteTokenizer(string root, string folder, string? source, PaddingStyle padding, List<SynthesizedFile> files)
    {
        var directory = Path.Combine(root, folder);
        var tokenizer = TokenizerFolderWriter.Write(directory, source, padding);
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            files.Add(new SynthesizedFile(folder + "/" + Path.GetFileName(path), CheckpointHasher.HashFile(path, 0)));
        }

        return tokenizer;
    }

    /// <summary>The architecture, with text configs whose special-token ids are those of the tokenizers written.</summary>
    private static StableDiffusionConfig ConfigFor(SynthesisOptions options, (ClipTokenizer First, ClipTokenizer? Second) tokenizers)
    {
        var config = StableDiffusionConfig.Create(options.Family, options.Size, tokenizers.First.VocabularySize);
        return config with
        {
            TextEncoder = WithIds(config.TextEncoder, tokenizers.First),
            TextEncoder2 = config.TextEncoder2 is null || tokenizers.Second is null ? config.TextEncoder2 : WithIds(config.TextEncoder2, tokenizers.Second),
        };
    }

    private static ClipTextConfig WithIds(ClipTextConfig text, ClipTokenizer tokenizer) => text with
    {
        BosTokenId = tokenizer.BeginOfTextId,
        EosTokenId = tokenizer.EndOfTextId,
        PadTokenId = tokenizer.PadId,
    };

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
    internal static string ToolVersion()
    {
        var version = typeof(CheckpointSynthesizer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(CheckpointSynthesizer).Assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }

    /// <summary>Writes the weights files of one inventory, reporting progress over all of them.</summary>
    private sealed class WeightsWriter(int parallelism, IEnumerable<KeyValuePair<string, string>> metadata, CheckpointInventory inventory,
        Func<string, TensorSpec, ITensorValues> valuesOf, IProgress<SynthesisProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly long totalBytes = inventory.DataByteCount;
        private long bytesWritten;

        public FileHashes Write(CheckpointFile file, string relativePath, string path)
        {
            var data = new TensorDataWriter(parallelism, count =>
            {
                bytesWritten += count;
                progress?.Report(new SynthesisProgress(relativePath, bytesWritten, totalBytes));
            }, cancellationToken);
            var writer = new SafetensorsWriter();
            foreach (var (key, value) in metadata)
            {
                writer.Metadata[key] = value;
            }

            foreach (var spec in file.Tensors)
            {
                var values = valuesOf(file.RelativePath, spec);
                var dtype = ToSafetensors(spec.DType);
                var count = spec.Shape.ElementCount;
                writer.Add(spec.Name, dtype, spec.Shape.Dimensions, stream => data.Write(stream, values, dtype, count));
            }

            return writer.WriteFile(path, cancellationToken);
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
