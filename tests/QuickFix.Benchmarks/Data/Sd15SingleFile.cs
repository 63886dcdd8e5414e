using System.Buffers.Binary;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Benchmarks.Data;

/// <summary>
/// The header of a full-size SD 1.5 single <c>.safetensors</c> file in F16 (the tensors of the released file, about
/// 1,100, laid out back to back as the synthesizer writes them), and sparse files that have it: the header is real,
/// the 2.1 GB of data are a hole but for the bytes a benchmark writes, so no benchmark has to write gigabytes first.
/// </summary>
internal static class Sd15SingleFile
{
    /// <summary>The text encoder's layer-0 <c>out_proj</c> weight (768 x 768): the tensor the edit reads and replaces.</summary>
    public const string EditedTensor = "cond_stage_model.transformer.text_model.encoder.layers.0.self_attn.out_proj.weight";

    /// <summary>The tensor entries, in data order.</summary>
    public static IReadOnlyList<TensorInfo> Tensors()
    {
        var inventory = CheckpointInventory.Create(ModelFamily.SD15, ModelSize.Full, CheckpointLayout.SingleFile, TensorDType.F16, tinyTextVocabSize: 1);
        var tensors = new List<TensorInfo>();
        long offset = 0;
        foreach (var spec in inventory.Files.Single().Tensors)
        {
            tensors.Add(new TensorInfo(spec.Name, Enum.Parse<SafetensorsDType>(spec.DType.ToString()), spec.Shape.Dimensions, offset, offset + spec.ByteCount));
            offset += spec.ByteCount;
        }

        return tensors;
    }

    /// <summary>The first <c>8 + N</c> bytes of the file (length prefix and header JSON), and the file's length.</summary>
    public static (byte[] FileStart, long FileLength) Header(IReadOnlyList<TensorInfo> tensors)
    {
        var json = SafetensorsHeaderWriter.Write([new("format", "pt")], tensors);
        var fileStart = new byte[8 + json.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(fileStart, (ulong)json.Length);
        json.CopyTo(fileStart, 8);
        return (fileStart, fileStart.Length + tensors[^1].End);
    }

    /// <summary>Writes the sparse file to <paramref name="path"/> with random bytes in <see cref="EditedTensor"/>.</summary>
    public static void WriteSparse(string path)
    {
        var tensors = Tensors();
        var (fileStart, fileLength) = Header(tensors);
        var edited = tensors.Single(t => t.Name == EditedTensor);
        var bytes = new byte[edited.ByteLength];
        new Random(7).NextBytes(bytes);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        stream.Write(fileStart);
        stream.SetLength(fileLength);
        stream.Position = fileStart.Length + edited.Begin;
        stream.Write(bytes);
    }
}
