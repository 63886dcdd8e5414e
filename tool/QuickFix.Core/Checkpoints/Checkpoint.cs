using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Pickle;

namespace QuickFix.Checkpoints;

/// <summary>
/// An opened Stable Diffusion checkpoint: a diffusers folder, or a single <c>.safetensors</c> or pickle <c>.ckpt</c>
/// file (read as the safetensors view of its conversion, see <see cref="PickleCheckpointReader"/>). Opening reads
/// headers, configs and pickles only; tensor bytes are read when asked for.
/// </summary>
public sealed class Checkpoint : IDisposable
{
    internal Checkpoint(
        string path, CheckpointLayout layout, ModelFamily family,
        IReadOnlyList<CheckpointComponentFile> files, IReadOnlyList<TextEncoderComponent> textEncoders)
    {
        Path = path;
        Layout = layout;
        Family = family;
        Files = files;
        TextEncoders = textEncoders;
    }

    /// <summary>The folder or file that was opened (full path).</summary>
    public string Path { get; }

    /// <summary>Diffusers folder or single file.</summary>
    public CheckpointLayout Layout { get; }

    /// <summary>SD 1.x, SD 2.x or SDXL.</summary>
    public ModelFamily Family { get; }

    /// <summary>The weights files, in component order.</summary>
    public IReadOnlyList<CheckpointComponentFile> Files { get; }

    /// <summary>The text encoders (one, or two for SDXL).</summary>
    public IReadOnlyList<TextEncoderComponent> TextEncoders { get; }

    /// <summary>The text encoder of index <paramref name="index"/>, or all of them when it is null.</summary>
    /// <exception cref="CheckpointException">The checkpoint has no text encoder of that index (QF0504).</exception>
    public IReadOnlyList<TextEncoderComponent> SelectTextEncoders(int? index)
    {
        if (index is null)
        {
            return TextEncoders;
        }

        return TextEncoders.Where(e => e.Index == index).ToArray() is { Length: > 0 } found
            ? found
            : throw new CheckpointException(
                CheckpointError.MissingComponent, $"the checkpoint has text encoders 0..{TextEncoders.Count - 1}, not {index}", Path);
    }

    /// <summary>
    /// Opens <paramref name="path"/>: a folder with <c>model_index.json</c>, a single <c>.safetensors</c> file, or a
    /// pickle checkpoint (<c>.ckpt</c>, <c>.pt</c>, <c>.pth</c>), whose pickle is read without running anything in it.
    /// </summary>
    /// <param name="path">The checkpoint.</param>
    /// <param name="tokenizerDirectory">
    /// A tokenizer folder to use instead of the checkpoint's own (needed for single files that carry none). A folder
    /// holding <c>tokenizer/</c> and <c>tokenizer_2/</c> serves both SDXL encoders.
    /// </param>
    /// <exception cref="CheckpointException">The path is not a readable checkpoint of a supported family.</exception>
    /// <exception cref="SafetensorsFormatException">A weights file is not valid safetensors.</exception>
    /// <exception cref="PickleCheckpointException">A pickle checkpoint is refused or unreadable (QF14xx).</exception>
    public static Checkpoint Open(string path, string? tokenizerDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            return DiffusersCheckpointReader.Open(fullPath, tokenizerDirectory);
        }

        if (!File.Exists(fullPath))
        {
            throw new CheckpointException(CheckpointError.NotFound, "no checkpoint folder or file at this path", fullPath);
        }

        var extension = System.IO.Path.GetExtension(fullPath).ToLowerInvariant();
        return extension switch
        {
            ".safetensors" => SingleFileCheckpointReader.Open(SafetensorsFile.Open(fullPath), tokenizerDirectory),
            ".ckpt" or ".pt" or ".pth" => SingleFileCheckpointReader.Open(PickleCheckpointReader.Open(fullPath).File, tokenizerDirectory),
            ".bin" => throw new CheckpointException(
                CheckpointError.UnsupportedFormat,
                "a .bin file holds one component's weights (diffusers/transformers), not a whole checkpoint; " +
                "`quickfix convert` turns a pickle .bin into .safetensors",
                fullPath),
            _ => throw new CheckpointException(
                CheckpointError.UnsupportedFormat, $"expected a diffusers folder, a .safetensors or a .ckpt file, not '{extension}'", fullPath),
        };
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var file in Files)
        {
            file.File.Dispose();
        }
    }
}
