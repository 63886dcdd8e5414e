using System.Runtime.InteropServices;
using QuickFix.Checkpoints;
using QuickFix.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// A batch of diffusion-space latents, <c>[Count, Channels, Height, Width]</c> row-major float32: the initial noise a
/// generation starts from (<c>--latents FILE</c>) or the final latents it produced. In a safetensors file it is the
/// F32 tensor named <see cref="TensorName"/>.
/// </summary>
/// <param name="Count">Images in the batch.</param>
/// <param name="Channels">Latent channels (4 for Stable Diffusion).</param>
/// <param name="Height">Latent height (image height / the VAE's down-sampling factor).</param>
/// <param name="Width">Latent width.</param>
/// <param name="Values">The <c>Count · Channels · Height · Width</c> values.</param>
public sealed record LatentBatch(int Count, int Channels, int Height, int Width, float[] Values)
{
    /// <summary>The tensor name of latents in a safetensors file.</summary>
    public const string TensorName = "latents";

    /// <summary>
    /// Reads the tensor <see cref="TensorName"/> of a safetensors file, or the file's only tensor when it has one
    /// (any floating dtype, converted to float32), shaped <c>[B, C, H, W]</c> or <c>[C, H, W]</c> (one image).
    /// </summary>
    /// <exception cref="GenerationException">No such tensor, or it is not a floating tensor of rank 3 or 4.</exception>
    /// <exception cref="SafetensorsFormatException">The file is not valid safetensors.</exception>
    public static LatentBatch Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new GenerationException("the latents file does not exist", fullPath);
        }

        using var file = SafetensorsFile.Open(fullPath);
        var info = file.TryGetTensor(TensorName, out var named) ? named
            : file.Tensors.Count == 1 ? file.Tensors[0]
            : throw new GenerationException(
                $"the file has no tensor named '{TensorName}' (and {file.Tensors.Count} tensors, so none is taken by default)", fullPath);
        if (info.DType is not (SafetensorsDType.F32 or SafetensorsDType.F16 or SafetensorsDType.BF16 or SafetensorsDType.F64)
            || info.Shape.Count is not (3 or 4) || info.Shape.Any(d => d < 1))
        {
            throw new GenerationException(
                $"tensor '{info.Name}' is {info.DType} [{string.Join(", ", info.Shape)}]; expected a floating tensor [batch, channels, height, width] or [channels, height, width]",
                fullPath);
        }

        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();
        var tensor = SafetensorsTorch.Read(file, info).to_type(ScalarType.Float32).contiguous();
        var shape = info.Shape.Count == 3 ? [1, .. info.Shape] : info.Shape.ToArray();
        return new LatentBatch((int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3], tensor.data<float>().ToArray());
    }

    /// <summary>Writes the latents as the F32 tensor <see cref="TensorName"/> of a new safetensors file (atomically).</summary>
    public void Write(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var writer = new SafetensorsWriter();
        writer.Add(TensorName, SafetensorsDType.F32, [Count, Channels, Height, Width], MemoryMarshal.AsBytes(Values.AsSpan()).ToArray());
        writer.WriteFile(path);
    }

    /// <summary>The latents as a new float32 tensor <c>[Count, Channels, Height, Width]</c> owned by the caller.</summary>
    public Tensor ToTensor()
    {
        TorchRuntime.EnsureLoaded();
        return torch.tensor(Values, [Count, Channels, Height, Width], ScalarType.Float32);
    }

    /// <summary>Copies a float32 tensor <c>[B, C, H, W]</c> into a batch.</summary>
    internal static LatentBatch FromTensor(Tensor latents)
    {
        using var contiguous = latents.to_type(ScalarType.Float32).contiguous();
        var shape = contiguous.shape;
        return new LatentBatch((int)shape[0], (int)shape[1], (int)shape[2], (int)shape[3], contiguous.data<float>().ToArray());
    }
}
