using System.Buffers.Binary;
using System.Text;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary>Writes pickle opcodes by hand, for pickles PyTorch would never write (hostile or broken ones).</summary>
internal sealed class PickleBuilder
{
    private readonly List<byte> bytes = [0x80, 0x02];

    public byte[] Bytes => [.. bytes];

    public PickleBuilder Op(params byte[] opcodes)
    {
        bytes.AddRange(opcodes);
        return this;
    }

    public PickleBuilder Mark() => Op((byte)'(');

    public PickleBuilder Stop() => Op((byte)'.');

    public PickleBuilder Global(string module, string name) => Op((byte)'c').Text($"{module}\n{name}\n");

    public PickleBuilder Inst(string module, string name) => Op((byte)'i').Text($"{module}\n{name}\n");

    public PickleBuilder Unicode(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        return Op((byte)'X').Op(length).Op(utf8);
    }

    public PickleBuilder Int(int value)
    {
        var raw = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(raw, value);
        return Op((byte)'J').Op(raw);
    }

    public PickleBuilder Tuple() => Op((byte)'t');

    public PickleBuilder Reduce() => Op((byte)'R');

    /// <summary><c>('storage', torch.FloatStorage, key, 'cpu', numel)</c> as a persistent id.</summary>
    public PickleBuilder Storage(string key, int elements, string storageType = "FloatStorage") =>
        Mark().Unicode("storage").Global("torch", storageType).Unicode(key).Unicode("cpu").Int(elements).Tuple().Op((byte)'Q');

    /// <summary><c>_rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())</c>.</summary>
    public PickleBuilder Tensor(string key, int elements, int offset, int[] size, int[] stride)
    {
        Global("torch._utils", "_rebuild_tensor_v2").Mark().Storage(key, elements).Int(offset);
        Mark();
        foreach (var s in size)
        {
            Int(s);
        }

        Tuple().Mark();
        foreach (var s in stride)
        {
            Int(s);
        }

        return Tuple().Op(0x89).Global("collections", "OrderedDict").Op((byte)')').Reduce().Tuple().Reduce();
    }

    private PickleBuilder Text(string text) => Op(Encoding.UTF8.GetBytes(text));
}
