using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Editing;
using QuickFix.Recipes;
using QuickFix.Runtime;

namespace QuickFix.Baking;

/// <summary>
/// <c>apply</c>: bakes a recipe into an edited checkpoint. Opens (or synthesizes) the base model, checks the recipe
/// against it, solves DIFF-QUICKFIX once per selected text encoder, writes the edited checkpoint in the base's
/// layout with its delta and manifest. The base model is only ever read.
/// </summary>
public static class RecipeBaker
{
    /// <summary>The tool name recorded in manifests and metadata.</summary>
    public const string ToolName = "QuickFix.Build";

    /// <summary>Bakes <paramref name="recipe"/>.</summary>
    /// <exception cref="QuickFixException">Bad input (recipe, model) or a failed gate; nothing is written.</exception>
    public static BakeResult Bake(
        Recipe recipe, BakeOptions options, IProgress<BakeProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        ArgumentNullException.ThrowIfNull(options);
        var timings = new Dictionary<string, double>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var warnings = new List<string>();

        progress?.Report(new BakeProgress(BakeStage.OpeningModel, recipe.Model.Path?.Text ?? "synthesized base model"));
        var basePath = recipe.Model.Path?.FullPath ?? SynthesizedBaseModels.Resolve(recipe.Model.Synth!, cancellationToken);
        using var checkpoint = Checkpoint.Open(basePath, recipe.Model.Tokenizer?.FullPath);
        var outputPath = ResolveOutput(recipe, options, checkpoint, progress, cancellationToken);
        RecipeModelChecks.CheckEncoders(recipe, checkpoint.TextEncoders.Count);
        var encoders = recipe.Method.Encoders is { } indices
            ? indices.Select(i => checkpoint.TextEncoders[i]).ToArray()
            : checkpoint.TextEncoders.ToArray();
        foreach (var encoder in encoders)
        {
            RecipeModelChecks.CheckCaptionLengths(recipe, encoder.OpenTokenizer());
        }

        timings["open"] = Lap(clock);

        var hashCache = new FileHashCache(CacheDirectory.Folder("file-hashes"));
        ManifestTrace? trace = null;
        if (options.ReplayDelta is not null)
        {
            warnings.Add($"replaying {options.ReplayDelta}: no trace, no solve, no images");
        }
        else if (options.Trace && recipe.Trace.Mode != TraceMode.Off)
        {
            trace = TraceGate.Run(recipe, encoders, hashCache, warnings, progress, cancellationToken);
            timings["trace"] = Lap(clock);
        }

        progress?.Report(new BakeProgress(BakeStage.Editing, $"{recipe.Edits.Count} edit(s), {encoders.Length} text encoder(s)"));
        var editOptions = new EditOptions
        {
            Layer = recipe.Method.Layer,
            Lambda = recipe.Method.Lambda,
            UseEos = recipe.Method.UseEos,
            Templates = recipe.Method.Templates,
            Targets = recipe.Method.Targets == EditTargets.Reference ? TargetMode.Reference : TargetMode.BiasFree,
            Preserve = recipe.Preserve,
        };
        var edits = recipe.Edits.Select(e => new ConceptEdit(e.Key, e.Value)).ToArray();
        var baseFiles = checkpoint.Files.Select(f =>
        {
            var full = checkpoint.Layout == CheckpointLayout.SingleFile ? checkpoint.Path : Path.Combine(checkpoint.Path, f.RelativePath);
            return (f.RelativePath, Entry: ManifestFile.Of(full, hashCache.Get(full, f.File.DataOffset, cancellationToken)));
        }).ToArray();

        // No edits bakes an unchanged copy of the base (with provenance): nothing to solve.
        var results = edits.Length == 0 || options.ReplayDelta is not null
            ? []
            : encoders.Select(encoder => (Encoder: encoder, Result: DiffQuickFix.Compute(encoder, edits, editOptions, null, cancellationToken))).ToArray();
        var replacements = options.ReplayDelta is { } delta
            ? DeltaReplay.Replacements(delta, checkpoint, baseFiles.ToDictionary(b => b.RelativePath, b => b.Entry.TensorBytesSha256))
            : results.Select(r => Replacement(checkpoint, r.Encoder, r.Result)).ToArray();
        timings["edit"] = Lap(clock);

        var recipeSha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(recipe.FilePath)));
        var provenance = Provenance(recipe, recipeSha);
        foreach (var replaced in replacements.Select(r => r.RelativePath).Distinct())
        {
            // Names the base each rewritten file came from, so a delta can only be replayed onto the same bytes.
            provenance[$"quickfix.base.{replaced.Replace('\\', '/')}"] = baseFiles.First(b => b.RelativePath == replaced).Entry.TensorBytesSha256;
        }

        var manifestEdits = recipe.Edits.Select((edit, i) => new ManifestEdit(
            edit.Key, edit.Value, edit.Kind?.ToString().ToLowerInvariant(), results.Select(r => r.Result.Statistics.PairsPerEdit[i]).ToArray())).ToArray();

        var imagesClock = new Stopwatch();
        IReadOnlyList<ManifestImage> WriteImages(string imagesFolder, string manifestFolder)
        {
            // A replayed delta carries no solution to regenerate "after" images from.
            if (!options.Images || recipe.Images is null || options.ReplayDelta is not null)
            {
                return [];
            }

            imagesClock.Start();
            var outcome = ImageRegeneration.Run(
                recipe.Images, checkpoint, results, imagesFolder, manifestFolder, options.AcceptSnapshots, progress, cancellationToken);
            imagesClock.Stop();
            timings["images"] = Math.Round(imagesClock.Elapsed.TotalSeconds, 3);
            var failed = outcome.Snapshots.Where(s => !s.Passed).ToArray();
            if (failed.Length > 0)
            {
                var place = recipe.Locate("images.snapshots");
                throw new BakeException(
                    "QF1006",
                    "images: " + string.Join("\n  ", failed.Select(f => f.Message)) + "\n  (accept with --accept or -p:QuickFixAcceptSnapshots=true)",
                    recipe.FilePath, place.Line, place.Column, isInputError: false);
            }

            return outcome.Images;
        }

        BuildManifest ManifestFor(string output, IReadOnlyList<ManifestFile> files, IReadOnlyList<ManifestTensorChange> changes, IReadOnlyList<ManifestImage> images)
        {
            // Writing the checkpoint and its hashes; the images' own time is reported apart.
            timings["write"] = Math.Round(Lap(clock) - imagesClock.Elapsed.TotalSeconds, 3);
            return new BuildManifest(
                ToolName, ToolVersion, new ManifestRecipe(recipe.FilePath, recipeSha), checkpoint.Family.ToString(),
                baseFiles.Select(b => b.Entry).ToArray(), files, changes, manifestEdits, trace, images, timings);
        }

        var written = WriteUnderLock(
            new EditedCheckpointWriter.Request(checkpoint, replacements, provenance, outputPath, recipe.Output.Delta, ManifestFor, WriteImages),
            options,
            hashCache,
            progress,
            cancellationToken);
        progress?.Report(new BakeProgress(BakeStage.Done, written.ManifestPath));

        var encoderEdits = results.Length > 0
            ? results.Select((r, i) => new EncoderEdit(
                r.Encoder.Index,
                written.Changes[i].File,
                written.Changes[i].Tensor,
                r.Result.Metrics.RelativeChange,
                r.Result.Statistics.TotalPairs,
                r.Result.Statistics.PairsPerEdit)).ToArray()
            : written.Changes.Select(c => new EncoderEdit(-1, c.File, c.Tensor, c.RelativeChange, 0, [])).ToArray();
        return new BakeResult(outputPath, written.ManifestPath, BuildManifest.Load(written.ManifestPath), encoderEdits, warnings);
    }

    /// <summary>The tool's version (the assembly's informational version without the commit suffix).</summary>
    public static string ToolVersion { get; } =
        (typeof(RecipeBaker).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    /// <summary>
    /// Writes the output in an <see cref="OutputTransaction"/>: under the output's lock, staged beside it, committed
    /// so that a failure or a crash leaves the previous output. A write error (a full disk, a read-only folder)
    /// becomes QF1010, naming the file being written where the system's message names none.
    /// </summary>
    private static EditedCheckpointWriter.Written WriteUnderLock(
        EditedCheckpointWriter.Request request, BakeOptions options, FileHashCache hashCache, IProgress<BakeProgress>? progress,
        CancellationToken cancellationToken)
    {
        OutputTransaction? transaction = null;
        try
        {
            transaction = OutputTransaction.Begin(
                request.OutputPath,
                options.LockTimeout ?? OutputLock.DefaultTimeout,
                WaitingFor(progress),
                options.Observer,
                cancellationToken);
            progress?.Report(new BakeProgress(BakeStage.Writing, request.OutputPath));
            return EditedCheckpointWriter.Write(request, transaction, options.Force, hashCache, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            var restored = transaction?.RollBack() ?? true;
            var path = transaction?.CurrentPath;
            var what = path is null || exception.Message.Contains(path, StringComparison.Ordinal) ? string.Empty : $" at '{path}'";
            throw new BakeException(
                "QF1010",
                $"writing the output failed{what}: {exception.Message}; "
                + (restored ? "the previous output is unchanged" : "the next apply or verify of this output restores the previous one"),
                request.OutputPath,
                isInputError: false,
                innerException: exception);
        }
        finally
        {
            transaction?.Dispose();
        }
    }

    private static string ResolveOutput(
        Recipe recipe, BakeOptions options, Checkpoint checkpoint, IProgress<BakeProgress>? progress, CancellationToken cancellationToken)
    {
        var output = options.OutputPath is null ? recipe.Output.Path.FullPath : Path.GetFullPath(options.OutputPath);
        output = output.Length > 1 ? output.TrimEnd(Path.DirectorySeparatorChar) : output;
        var location = recipe.Locate("output.path");
        if (OutputGuard.OverlapWithBase(output, checkpoint.Path) is { } overlap)
        {
            throw new BakeException("QF1001", $"output.path: '{output}' {overlap}: it would overwrite the base model", recipe.FilePath, location.Line, location.Column);
        }

        // Refused before any work; checked again under the lock at commit, for every entry the bake writes.
        var manifest = BuildManifest.PathFor(output, checkpoint.Layout == CheckpointLayout.Diffusers);
        if (OutputGuard.Unreplaceable([output], manifest, options.Force) is not null)
        {
            // Seen without the lock, the output may be mid-commit (a single file whose manifest is being replaced) or
            // left so by a crash: the refusal counts only once confirmed under the lock, after recovery.
            using (OutputLock.Acquire(output, options.LockTimeout ?? OutputLock.DefaultTimeout, WaitingFor(progress), cancellationToken))
            {
                OutputTransaction.Recover(Path.GetDirectoryName(output)!, Path.GetFileName(output), observer: null);
                OutputGuard.CheckReplaceable([output], manifest, options.Force);
            }
        }

        if (checkpoint.Layout == CheckpointLayout.SingleFile && !output.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            var pickle = checkpoint.Files[0].File.IsView ? " (a .ckpt base is written as .safetensors: pickle checkpoints are read, never written)" : string.Empty;
            throw new BakeException(
                "QF1002", $"output.path: the base model is a single file, so the output must be a .safetensors file path{pickle}", recipe.FilePath, location.Line, location.Column);
        }

        var wanted = recipe.Output.Layout;
        var have = checkpoint.Layout == CheckpointLayout.Diffusers ? OutputLayout.Diffusers : OutputLayout.SingleFile;
        if (wanted != OutputLayout.Same && wanted != have)
        {
            var place = recipe.Locate("output.layout");
            throw new BakeException(
                "QF1003",
                $"output.layout: converting a {have.ToString().ToLowerInvariant()} base to {wanted.ToString().ToLowerInvariant()} is not supported yet; use 'same'",
                recipe.FilePath, place.Line, place.Column);
        }

        return output;
    }

    private static Action<string> WaitingFor(IProgress<BakeProgress>? progress) =>
        message => progress?.Report(new BakeProgress(BakeStage.WaitingForLock, message));

    private static TensorReplacement Replacement(Checkpoint checkpoint, TextEncoderComponent encoder, EditResult result)
    {
        var location = result.Location;
        if (!location.IsWholeTensor)
        {
            throw new BakeException("QF1004", $"the edited tensor {result.ModuleName} is stored as part of '{location.TensorName}', which this version does not rewrite", location.File.Path);
        }

        var component = checkpoint.Files.First(f => ReferenceEquals(f.File, location.File));
        return new TensorReplacement(location.File, component.RelativePath, location.TensorName, result.EncodedWeight, result.Metrics.RelativeChange);
    }

    /// <summary>The <c>quickfix.*</c> metadata of every written safetensors file: no clock, no machine, so outputs are reproducible.</summary>
    private static Dictionary<string, string> Provenance(Recipe recipe, string recipeSha) => new(StringComparer.Ordinal)
    {
        ["quickfix.tool"] = ToolName,
        ["quickfix.version"] = ToolVersion,
        ["quickfix.recipe.sha256"] = recipeSha,
        ["quickfix.method"] = JsonSerializer.Serialize(new
        {
            name = "diff-quickfix",
            layer = recipe.Method.Layer,
            lambda = recipe.Method.Lambda,
            use_eos = recipe.Method.UseEos,
            targets = recipe.Method.Targets == EditTargets.Reference ? "reference" : "bias-free",
            templates = recipe.Method.Templates,
        }),
        ["quickfix.edits"] = JsonSerializer.Serialize(recipe.Edits.Select(e => new[] { e.Key, e.Value })),
        ["quickfix.preserve"] = JsonSerializer.Serialize(recipe.Preserve),
    };

    private static double Lap(Stopwatch clock)
    {
        var seconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        return Math.Round(seconds, 3);
    }
}
