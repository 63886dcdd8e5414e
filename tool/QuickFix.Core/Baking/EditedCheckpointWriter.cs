using System.Security.Cryptography;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Manifests;

namespace QuickFix.Baking;

/// <summary>
/// Writes an edited checkpoint in the base's own layout: only the files holding an edited tensor are rewritten (with
/// every other tensor's bytes copied verbatim, hashed while written); every other file is hard-linked or copied. The
/// output, its delta and its manifest appear together: a folder is built beside the target and renamed into place, a
/// single file is renamed into place before its manifest. A failed or interrupted run leaves the previous output.
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

    public static Written Write(Request request, FileHashCache hashCache, CancellationToken cancellationToken) =>
        request.Checkpoint.Layout == CheckpointLayout.Diffusers
            ? WriteFolder(request, hashCache, cancellationToken)
            : WriteSingleFile(request, cancellationToken);

    private static Written WriteFolder(Request request, FileHashCache hashCache, CancellationToken cancellationToken)
    {
        var (checkpoint, replacements, provenance, outputPath, writeDelta, manifestFor, writeImages) = request;
        if (File.Exists(outputPath))
        {
            throw new BakeException("QF1002", "the base model is a diffusers folder, so the output must be a folder, but a file is in the way", outputPath);
        }

        var parent = Path.GetDirectoryName(outputPath)!;
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(outputPath)}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        try
        {
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
            }

            if (writeDelta)
            {
                var delta = WriteDelta(replacements, provenance, Path.Combine(staging, DeltaFileName), folderPrefix: true, cancellationToken);
                files.Add(ManifestFile.Of(DeltaFileName, delta));
            }

            // Images (and their snapshot gate) before the manifest: a failing gate leaves the previous output in place.
            var images = writeImages(Path.Combine(staging, ImagesFolderName), staging);
            var manifestPath = BuildManifest.PathFor(staging, outputIsFolder: true);
            manifestFor(outputPath, files, changes, images).Save(manifestPath);
            SwapIntoPlace(staging, outputPath);
            return new Written(BuildManifest.PathFor(outputPath, outputIsFolder: true), files, changes);
        }
        catch
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }

            throw;
        }
    }

    private static Written WriteSingleFile(Request request, CancellationToken cancellationToken)
    {
        var (checkpoint, replacements, provenance, outputPath, writeDelta, manifestFor, writeImages) = request;
        if (!outputPath.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || Directory.Exists(outputPath))
        {
            throw new BakeException("QF1002", "the base model is a single file, so the output must be a .safetensors file path", outputPath);
        }

        var folder = Path.GetDirectoryName(outputPath)!;
        var outputStem = Path.GetFileNameWithoutExtension(outputPath);
        var baseFile = checkpoint.Files.Single().File;
        var images = writeImages(Path.Combine(folder, outputStem + "." + ImagesFolderName), folder);
        var files = new List<ManifestFile>();
        var rewritten = Rewrite(baseFile, replacements, provenance, outputPath, cancellationToken);
        files.Add(ManifestFile.Of(Path.GetFileName(outputPath), rewritten.Hashes, rewritten.TensorDigests));
        var changes = replacements.Select(edit => Change(Path.GetFileName(outputPath), edit)).ToList();

        // Sidecars travel with the file: its tokenizer folders and its original-config YAML (A1111/ComfyUI convention).
        var baseStem = Path.Combine(Path.GetDirectoryName(checkpoint.Path)!, Path.GetFileNameWithoutExtension(checkpoint.Path));
        foreach (var suffix in new[] { ".tokenizer", ".tokenizer_2" })
        {
            if (Directory.Exists(baseStem + suffix))
            {
                files.AddRange(CopyFolder(baseStem + suffix, Path.Combine(folder, outputStem + suffix), folder, cancellationToken));
            }
        }

        if (File.Exists(baseStem + ".yaml"))
        {
            var yaml = Path.Combine(folder, outputStem + ".yaml");
            AtomicFile.Write(yaml, stream =>
            {
                using var source = File.OpenRead(baseStem + ".yaml");
                source.CopyTo(stream);
                return 0;
            });
            files.Add(ManifestFile.Of(Path.GetFileName(yaml), CheckpointHasher.HashFile(yaml, 0, cancellationToken)));
        }

        if (writeDelta)
        {
            var deltaPath = Path.Combine(folder, outputStem + ".delta.safetensors");
            files.Add(ManifestFile.Of(Path.GetFileName(deltaPath), WriteDelta(replacements, provenance, deltaPath, folderPrefix: false, cancellationToken)));
        }

        var manifestPath = BuildManifest.PathFor(outputPath, outputIsFolder: false);
        manifestFor(outputPath, files, changes, images).Save(manifestPath);
        return new Written(manifestPath, files, changes);
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

    private static ManifestFile[] CopyFolder(string source, string destination, string manifestFolder, CancellationToken cancellationToken)
    {
        var staging = destination + $".{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.EnumerateFiles(source).Order(StringComparer.Ordinal))
        {
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        }

        SwapIntoPlace(staging, destination);
        return Directory.EnumerateFiles(destination).Order(StringComparer.Ordinal)
            .Select(file => ManifestFile.Of(Normalize(Path.GetRelativePath(manifestFolder, file)), CheckpointHasher.HashFile(file, 0, cancellationToken)))
            .ToArray();
    }

    /// <summary>Replaces <paramref name="target"/> by <paramref name="staging"/>: the old folder is removed only once the new one is in place.</summary>
    private static void SwapIntoPlace(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }

        var old = Path.Combine(Path.GetDirectoryName(target)!, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.old");
        Directory.Move(target, old);
        Directory.Move(staging, target);
        Directory.Delete(old, recursive: true);
    }

    private static bool IsOwnOutput(string relative) =>
        relative == BuildManifest.FileName || relative == DeltaFileName || relative.StartsWith(ImagesFolderName + "/", StringComparison.Ordinal)
        || Path.GetFileName(relative).StartsWith('.');

    private static string Normalize(string relative) => relative.Replace('\\', '/');
}
