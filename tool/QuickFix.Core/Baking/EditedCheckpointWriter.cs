using System.Security.Cryptography;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Baking;

/// <summary>
/// Writes an edited checkpoint in the base's own layout: only the files holding an edited tensor are rewritten (with
/// every other tensor's bytes copied verbatim, hashed while written); every other file is hard-linked or copied. The
/// output, its delta and its manifest are staged beside the target and committed together by an
/// <see cref="OutputTransaction"/>: a failed or interrupted run leaves the previous output.
/// </summary>
internal static class EditedCheckpointWriter
{
    /// <summary>The delta file's name inside an output folder (beside a single file: <c>&lt;name&gt;.delta.safetensors</c>).</summary>
    public const string DeltaFileName = "quickfix.delta.safetensors";

    /// <summary>The regenerated images' folder inside an output folder (beside a single file: <c>&lt;name&gt;.images/</c>).</summary>
    public const string ImagesFolderName = "images";

    public sealed record Written(string ManifestPath, IReadOnlyList<ManifestFile> Files, IReadOnlyList<ManifestTensorChange> Changes);

    /// <summary>What to write: the base, the new tensor bytes, the metadata, where, and the callbacks that add images and the manifest.</summary>
    /// <param name="Checkpoint">The opened base model.</param>
    /// <param name="Replacements">The edited tensors.</param>
    /// <param name="Provenance">The <c>quickfix.*</c> metadata of every rewritten file.</param>
    /// <param name="OutputPath">The output folder or file.</param>
    /// <param name="WriteDelta">Whether to write the delta file too.</param>
    /// <param name="ManifestFor">Builds the manifest from the output path, files, changes and images.</param>
    /// <param name="WriteImages">Writes the images into a folder (first argument) and returns their entries relative to the manifest's folder (second).</param>
    public sealed record Request(
        Checkpoint Checkpoint,
        IReadOnlyList<TensorReplacement> Replacements,
        IReadOnlyDictionary<string, string> Provenance,
        string OutputPath,
        bool WriteDelta,
        Func<string, IReadOnlyList<ManifestFile>, IReadOnlyList<ManifestTensorChange>, IReadOnlyList<ManifestImage>, BuildManifest> ManifestFor,
        Func<string, string, IReadOnlyList<ManifestImage>> WriteImages);

    /// <summary>
    /// Writes the output into <paramref name="transaction"/>'s staging folder and commits it; <paramref name="force"/>
    /// replaces existing entries that no QuickFix.Build manifest accounts for (QF1009 otherwise).
    /// </summary>
    public static Written Write(Request request, OutputTransaction transaction, bool force, FileHashCache hashCache, CancellationToken cancellationToken) =>
        request.Checkpoint.Layout == CheckpointLayout.Diffusers
            ? WriteFolder(request, transaction, force, hashCache, cancellationToken)
            : WriteSingleFile(request, transaction, force, cancellationToken);

    private static Written WriteFolder(Request request, OutputTransaction transaction, bool force, FileHashCache hashCache, CancellationToken cancellationToken)
    {
        var (checkpoint, replacements, provenance, outputPath, writeDelta, manifestFor, writeImages) = request;
        if (File.Exists(outputPath))
        {
            throw new BakeException("QF1002", "the base model is a diffusers folder, so the output must be a folder, but a file is in the way", outputPath);
        }

        // The new folder is built inside the staging folder under its final name, then renamed into place.
        var entry = Path.GetFileName(outputPath);
        var staging = Path.Combine(transaction.StagingFolder, entry);
        Directory.CreateDirectory(staging);
        var files = new List<ManifestFile>();
        var changes = new List<ManifestTensorChange>();
        var weights = checkpoint.Files.ToDictionary(f => Normalize(f.RelativePath), StringComparer.Ordinal);
        foreach (var source in Directory.EnumerateFiles(checkpoint.Path, "*", SearchOption.AllDirectories)
                     .Select(path => (Full: path, Relative: Normalize(Path.GetRelativePath(checkpoint.Path, path))))
                     .Where(file => !IsOwnOutput(file.Relative))
                     .OrderBy(file => file.Relative, StringComparer.Ordinal))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var destination = Path.Combine(staging, source.Relative);
            transaction.Writing(destination);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            var edits = replacements.Where(r => Normalize(r.RelativePath) == source.Relative).ToArray();
            if (edits.Length > 0)
            {
                var file = weights[source.Relative].File;
                var rewritten = Rewrite(file, edits, provenance, destination, cancellationToken);
                files.Add(ManifestFile.Of(source.Relative, rewritten.Hashes, rewritten.TensorDigests));
                changes.AddRange(edits.Select(edit => Change(source.Relative, edit)));
            }
            else if (weights.TryGetValue(source.Relative, out var untouched))
            {
                FileLinks.LinkOrCopy(source.Full, destination);
                files.Add(ManifestFile.Of(
                    source.Relative,
                    hashCache.Get(source.Full, untouched.File.DataOffset, cancellationToken),
                    hashCache.GetTensorDigests(untouched.File, cancellationToken)));
            }
            else
            {
                File.Copy(source.Full, destination);
                files.Add(ManifestFile.Of(source.Relative, CheckpointHasher.HashFile(destination, 0, cancellationToken)));
            }

            transaction.Staged(destination);
        }

        if (writeDelta)
        {
            var deltaPath = Path.Combine(staging, DeltaFileName);
            transaction.Writing(deltaPath);
            files.Add(ManifestFile.Of(DeltaFileName, WriteDelta(replacements, provenance, deltaPath, folderPrefix: true, cancellationToken)));
            transaction.Staged(deltaPath);
        }

        // Images (and their snapshot gate) before the manifest: a failing gate leaves the previous output in place.
        transaction.Writing(Path.Combine(staging, ImagesFolderName));
        var images = writeImages(Path.Combine(staging, ImagesFolderName), staging);
        var manifestPath = BuildManifest.PathFor(staging, outputIsFolder: true);
        transaction.Writing(manifestPath);
        manifestFor(outputPath, files, changes, images).Save(manifestPath);
        transaction.Staged(manifestPath);
        var finalManifest = BuildManifest.PathFor(outputPath, outputIsFolder: true);
        transaction.Commit([entry], existing => OutputGuard.CheckReplaceable(existing, finalManifest, force));
        return new Written(finalManifest, files, changes);
    }

    /// <summary>
    /// A single file and its sidecars (tokenizer folders, original-config YAML, delta, images, manifest) are staged
    /// together under their final names and committed as one set, the manifest last.
    /// </summary>
    private static Written WriteSingleFile(Request request, OutputTransaction transaction, bool force, CancellationToken cancellationToken)
    {
        var (checkpoint, replacements, provenance, outputPath, writeDelta, manifestFor, writeImages) = request;
        if (!outputPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || Directory.Exists(outputPath))
        {
            throw new BakeException("QF1002", "the base model is a single file, so the output must be a .safetensors file path", outputPath);
        }

        var staging = transaction.StagingFolder;
        var outputName = Path.GetFileName(outputPath);
        var outputStem = Path.GetFileNameWithoutExtension(outputPath);
        var baseFile = checkpoint.Files.Single().File;
        transaction.Writing(Path.Combine(staging, outputStem + "." + ImagesFolderName));
        var images = writeImages(Path.Combine(staging, outputStem + "." + ImagesFolderName), staging);
        var files = new List<ManifestFile>();
        var weightsPath = Path.Combine(staging, outputName);
        transaction.Writing(weightsPath);
        var rewritten = Rewrite(baseFile, replacements, provenance, weightsPath, cancellationToken);
        files.Add(ManifestFile.Of(outputName, rewritten.Hashes, rewritten.TensorDigests));
        transaction.Staged(weightsPath);
        var changes = replacements.Select(edit => Change(outputName, edit)).ToList();

        // Sidecars travel with the file: its tokenizer folders and its original-config YAML (A1111/ComfyUI convention).
        var baseStem = Path.Combine(Path.GetDirectoryName(checkpoint.Path)!, Path.GetFileNameWithoutExtension(checkpoint.Path));
        foreach (var suffix in new[] { ".tokenizer", ".tokenizer_2" })
        {
            if (Directory.Exists(baseStem + suffix))
            {
                files.AddRange(CopyFolder(baseStem + suffix, Path.Combine(staging, outputStem + suffix), staging, transaction, cancellationToken));
            }
        }

        if (File.Exists(baseStem + ".yaml"))
        {
            var yaml = Path.Combine(staging, outputStem + ".yaml");
            transaction.Writing(yaml);
            File.Copy(baseStem + ".yaml", yaml);
            files.Add(ManifestFile.Of(Path.GetFileName(yaml), CheckpointHasher.HashFile(yaml, 0, cancellationToken)));
            transaction.Staged(yaml);
        }

        if (writeDelta)
        {
            var deltaPath = Path.Combine(staging, outputStem + ".delta.safetensors");
            transaction.Writing(deltaPath);
            files.Add(ManifestFile.Of(Path.GetFileName(deltaPath), WriteDelta(replacements, provenance, deltaPath, folderPrefix: false, cancellationToken)));
            transaction.Staged(deltaPath);
        }

        var manifestName = Path.GetFileName(BuildManifest.PathFor(outputPath, outputIsFolder: false));
        var stagedManifest = Path.Combine(staging, manifestName);
        transaction.Writing(stagedManifest);
        manifestFor(outputPath, files, changes, images).Save(stagedManifest);
        transaction.Staged(stagedManifest);

        var entries = Directory.EnumerateFileSystemEntries(staging)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(entry => entry != manifestName)
            .Order(StringComparer.Ordinal)
            .Append(manifestName)
            .ToArray();
        var finalManifest = Path.Combine(Path.GetDirectoryName(outputPath)!, manifestName);
        transaction.Commit(entries, existing => OutputGuard.CheckReplaceable(existing, finalManifest, force));
        return new Written(finalManifest, files, changes);
    }

    private static RewriteResult Rewrite(
        SafetensorsFile source, IReadOnlyList<TensorReplacement> edits, IReadOnlyDictionary<string, string> provenance, string destination,
        CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>(source.Metadata, StringComparer.Ordinal) { ["format"] = "pt" };
        foreach (var (key, value) in provenance)
        {
            metadata[key] = value;
        }

        return SafetensorsRewriter.Rewrite(
            source,
            edits.ToDictionary(e => e.Tensor, e => e.Bytes, StringComparer.Ordinal),
            metadata.OrderBy(pair => pair.Key == "format" ? 0 : 1).ThenBy(pair => pair.Key, StringComparer.Ordinal),
            destination,
            cancellationToken);
    }

    /// <summary>The edited tensors alone, so a consumer can patch its own copy of the base model.</summary>
    private static FileHashes WriteDelta(
        IReadOnlyList<TensorReplacement> replacements, IReadOnlyDictionary<string, string> provenance, string path, bool folderPrefix,
        CancellationToken cancellationToken)
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        foreach (var (key, value) in provenance.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.Metadata[key] = value;
        }

        foreach (var edit in replacements)
        {
            // Two SDXL encoders share tensor names, so a folder's delta keys carry the component: text_encoder_2.text_model....
            var component = Normalize(edit.RelativePath).Split('/')[0];
            var name = folderPrefix ? $"{component}.{edit.Tensor}" : edit.Tensor;
            var info = edit.File[edit.Tensor];
            writer.Metadata[$"quickfix.delta.{name}"] = edit.RelativePath;
            writer.Add(name, info.DType, info.Shape, edit.Bytes);
        }

        return writer.WriteFile(path, cancellationToken);
    }

    private static ManifestTensorChange Change(string file, TensorReplacement edit)
    {
        var info = edit.File[edit.Tensor];
        return new ManifestTensorChange(
            file,
            edit.Tensor,
            info.DType.ToName(),
            info.Shape,
            CheckpointHasher.HashTensor(edit.File, info),
            Convert.ToHexStringLower(SHA256.HashData(edit.Bytes.Span)),
            edit.RelativeChange);
    }

    private static ManifestFile[] CopyFolder(
        string source, string destination, string manifestFolder, OutputTransaction transaction, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(destination);
        var files = new List<ManifestFile>();
        foreach (var file in Directory.EnumerateFiles(source).Order(StringComparer.Ordinal))
        {
            var copy = Path.Combine(destination, Path.GetFileName(file));
            transaction.Writing(copy);
            File.Copy(file, copy);
            files.Add(ManifestFile.Of(Normalize(Path.GetRelativePath(manifestFolder, copy)), CheckpointHasher.HashFile(copy, 0, cancellationToken)));
            transaction.Staged(copy);
        }

        return files.ToArray();
    }

    private static bool IsOwnOutput(string relative) =>
        relative == BuildManifest.FileName || relative == DeltaFileName || relative.StartsWith(ImagesFolderName + "/", StringComparison.Ordinal)
        || Path.GetFileName(relative).StartsWith('.');

    private static string Normalize(string relative) => relative.Replace('\\', '/');
}
