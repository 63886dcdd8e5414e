using System.Numerics;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Pickle;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary>The opcode interpreter: plain data as Python pickles it, admitted globals as inert values, everything else refused.</summary>
public sealed class RestrictedUnpicklerTests
{
    private static object? Load(byte[] pickle, Func<object?[], PickleFailure, object?>? persistentLoad = null) =>
        RestrictedUnpickler.Load(new MemoryStream(pickle), "test.ckpt", "data.pkl", persistentLoad, CancellationToken.None);

    private static object? Load(string hex) => Load(Convert.FromHexString(hex));

    private static PickleCheckpointException Refused(byte[] pickle) =>
        Assert.Throws<PickleCheckpointException>(() => Load(pickle, StorageIds.Resolve));

    // pickle.dumps({'a': 1, 'b': [1.5, None, True], 'c': (1, 2, 3), 'big': 2**70, 'neg': -5, 's': 'xé', 'k': 70000, 'z': b'\x00\x01'}, protocol=N)
    [Theory]
    [InlineData("80027d71002858010000006171014b0158010000006271025d710328473ff80000000000004e886558010000006371044b014b024b03877105580300000062696771068a0900000000000000004058030000006e656771074afbffffff5801000000737108580300000078c3a9710958010000006b710a4a7011010058010000007a710b635f636f646563730a656e636f64650a710c58020000000001710d58060000006c6174696e31710e86710f527110752e")]
    [InlineData("80049562000000000000007d94288c0161944b018c0162945d9428473ff80000000000004e88658c0163944b014b024b0387948c03626967948a090000000000000000408c036e6567944afbffffff8c0173948c0378c3a9948c016b944a701101008c017a944302000194752e")]
    public void Python_data_reads_as_the_same_values_in_protocols_2_and_4(string hex)
    {
        var dict = Assert.IsType<PickleDict>(Load(hex));

        Assert.Equal(["a", "b", "c", "big", "neg", "s", "k", "z"], dict.Entries.Select(e => e.Key));
        Assert.Equal(1L, Value(dict, "a"));
        Assert.Equal(new object?[] { 1.5, null, true }, Assert.IsType<List<object?>>(Value(dict, "b")));
        Assert.Equal(new object?[] { 1L, 2L, 3L }, Assert.IsType<object?[]>(Value(dict, "c")));
        Assert.Equal(BigInteger.Pow(2, 70), Value(dict, "big"));
        Assert.Equal(-5L, Value(dict, "neg"));
        Assert.Equal("xé", Value(dict, "s"));
        Assert.Equal(70000L, Value(dict, "k"));
        Assert.Equal(new byte[] { 0, 1 }, Value(dict, "z"));
    }

    [Fact]
    public void Numpy_scalars_become_their_numbers()
    {
        // pickle.dumps({'f': np.float64(0.25), 'i': np.int64(7), 'h': np.float16(1.5)}, protocol=2)
        var dict = Assert.IsType<PickleDict>(Load(
            "80027d7100285801000000667101636e756d70792e636f72652e6d756c746961727261790a7363616c61720a7102636e756d70790a64747970650a71035802000000663871048988877105527106284b0358010000003c71074e4e4e4affffffff4affffffff4b0074710862635f636f646563730a656e636f64650a71095809000000000000000000c3903f710a58060000006c6174696e31710b86710c52710d86710e52710f5801000000697110680268035802000000693871118988877112527113284b0368074e4e4e4affffffff4affffffff4b00747114626809580800000007000000000000007115680b867116527117867118527119580100000068711a6802680358020000006632711b898887711c52711d284b0368074e4e4e4affffffff4affffffff4b0074711e6268095802000000003e711f680b867120527121867122527123752e"));

        Assert.Equal(0.25, Value(dict, "f"));
        Assert.Equal(7L, Value(dict, "i"));
        Assert.Equal(1.5, Value(dict, "h"));
    }

    [Fact]
    public void An_ordered_dict_is_a_dict_filled_by_setitems_after_its_reduce()
    {
        // pickle.dumps(OrderedDict([('x', 1), ('y', 2)]), protocol=2)
        var dict = Assert.IsType<PickleDict>(Load("800263636f6c6c656374696f6e730a4f726465726564446963740a7100295271012858010000007871024b0158010000007971034b02752e"));

        Assert.Equal([new("x", 1L), new("y", 2L)], dict.Entries);
    }

    [Fact]
    public void A_tensor_is_a_strided_window_on_its_storage()
    {
        var tensor = Assert.IsType<PickledTensor>(Load(new PickleBuilder().Tensor("7", 12, 2, [2, 3], [1, 2]).Stop().Bytes, StorageIds.Resolve));

        Assert.Equal(new StorageReference("7", SafetensorsDType.F32, "cpu", 12), tensor.Storage);
        Assert.Equal(2, tensor.Offset);
        Assert.Equal([2L, 3L], tensor.Shape);
        Assert.Equal([1L, 2L], tensor.Strides);
    }

    public static TheoryData<string, string, int> Hostile() => new()
    {
        // Each pickle is followed by a byte that is no opcode: the refusal must come first.
        { "GLOBAL", "builtins.eval", 2 },
        { "GLOBAL", "__builtin__.getattr", 2 },
        { "GLOBAL", "torch.storage._load_from_bytes", 2 },
        { "GLOBAL", "torch.nn.modules.container.ParameterDict", 2 },
        { "INST", "os.system", 15 },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_global_off_the_list_is_refused_by_name_before_the_next_opcode(string opcode, string global, int offset)
    {
        var dot = global.LastIndexOf('.');
        var (module, name) = (global[..dot], global[(dot + 1)..]);
        var pickle = opcode == "GLOBAL"
            ? new PickleBuilder().Global(module, name).Op(0xff).Bytes
            : new PickleBuilder().Mark().Unicode("touch x").Inst(module, name).Op(0xff).Bytes;

        var error = Refused(pickle);

        Assert.Equal("QF1402", error.Code);
        Assert.Equal(global, error.Global);
        Assert.Equal(offset, error.Offset);
        Assert.Equal("test.ckpt", error.FilePath);
        Assert.StartsWith($"data.pkl, byte {offset}: refused global '{global}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stack_global_is_refused_by_name_too()
    {
        // pickle.dumps(subprocess.Popen, protocol=4)
        var error = Refused(Convert.FromHexString("80049518000000000000008c0a73756270726f63657373948c05506f70656e9493942e"));

        Assert.Equal("subprocess.Popen", error.Global);
        Assert.Equal(PickleCheckpointError.ForbiddenGlobal, error.Reason);
    }

    public static TheoryData<string, byte[], string> Malformed() => new()
    {
        { "truncated", new PickleBuilder().Mark().Unicode("a").Bytes, "the data ends inside the pickle (no STOP)" },
        { "length past the end", new PickleBuilder().Op((byte)'X', 0x00, 0xff, 0xff, 0xff).Stop().Bytes, "a length of 4294967040 bytes runs past the end of the data (1 bytes left)" },
        { "unknown memo", new PickleBuilder().Op((byte)'h', 9).Stop().Bytes, "memo entry 9 was never stored" },
        { "extension code", new PickleBuilder().Op(0x82, 0x01).Stop().Bytes, "opcode EXT1 is not one torch.save writes; refused" },
        { "text string", new PickleBuilder().Op((byte)'S').Stop().Bytes, "opcode STRING is not one torch.save writes; refused" },
        { "no opcode", new PickleBuilder().Op(0xff).Bytes, "0xff is not a pickle opcode" },
        { "reduce on data", new PickleBuilder().Op((byte)')', (byte)'K', 1, 0x85, (byte)'R').Stop().Bytes, "REDUCE applies a tuple, which is not an admitted global" },
        { "storage type called", new PickleBuilder().Global("torch", "FloatStorage").Op((byte)')').Reduce().Stop().Bytes, "torch.FloatStorage is a storage type, which a pickle names only inside a persistent id" },
        { "setitem on a list", new PickleBuilder().Op((byte)']').Int(1).Int(2).Op((byte)'s').Stop().Bytes, "SETITEM on a list" },
        { "build on a dict", new PickleBuilder().Op((byte)'}', (byte)'}', (byte)'b').Stop().Bytes, "BUILD on dict, which has no state to set" },
        { "module persistent id", new PickleBuilder().Mark().Unicode("module").Tuple().Op((byte)'Q').Stop().Bytes, "a persistent id of kind 'module'; only storages are read" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_pickle_is_one_clear_error(string what, byte[] pickle, string message)
    {
        var error = Refused(pickle);

        Assert.True(error.Reason == PickleCheckpointError.MalformedPickle, what);
        Assert.Equal("QF1403", error.Code);
        Assert.EndsWith(": " + message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_stride_is_an_unsupported_tensor()
    {
        var error = Refused(new PickleBuilder().Tensor("0", 4, 3, [2], [-1]).Stop().Bytes);

        Assert.Equal("QF1404", error.Code);
        Assert.Contains("strides below 0 are not read", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_persistent_id_where_none_may_be_is_malformed()
    {
        var error = Assert.Throws<PickleCheckpointException>(() => Load(new PickleBuilder().Storage("0", 1).Stop().Bytes));

        Assert.Equal(PickleCheckpointError.MalformedPickle, error.Reason);
    }

    private static object? Value(PickleDict dict, string key) => dict.TryGetValue(key, out var value) ? value : throw new KeyNotFoundException(key);
}
