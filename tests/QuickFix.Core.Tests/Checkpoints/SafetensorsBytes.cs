using System.Buffers.Binary;
using System.Text;
using QuickFix.Checkpoints;

namespace QuickFix.Tests.Checkpoints;

/// <summary>Builds raw safetensors files by hand, independently of the writer under test.</summary>
internal static class SafetensorsBytes
{
    /// <summary>8-byte LE length of <paramref name="header"/> (or <paramref name="declaredLength"/>), the header, then <paramref name="dataLength"/> bytes 0, 1, 2, ...</summary>
    public static byte[] Build(string header, long dataLength, ulong? declaredLength = null) =>
        Build(Encoding.UTF8.GetBytes(header), dataLength, declaredLength);

    public static byte[] Build(byte[] header, long dataLength, ulong? declaredLength = null)
    {
        var file = new byte[8 + header.Length + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(file, declaredLength ?? (ulong)header.Length);
        header.CopyTo(file, 8);
        for (var i = 0; i < dataLength; i++)
        {
            file[8 + header.Length + i] = (byte)i;
        }

        return file;
    }

    public static SafetensorsHeader Parse(byte[] file) => SafetensorsFile.ParseHeader(file, file.Length, "test.safetensors");

    public static TensorInfo Tensor(this SafetensorsHeader header, string name) => header.Tensors.Single(tensor => tensor.Name == name);
}
