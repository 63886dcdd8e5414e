using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using static QuickFix.Checkpoints.Pickle.PickleOpcodes;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// Interprets one pickle (the binary opcodes of protocols 2 to 5, which <c>torch.save</c> writes with protocol 2, and the
/// text opcodes GLOBAL, INST, INT, LONG, FLOAT, PUT and GET) into inert values: <c>None</c> → null, bool, int → long
/// (BigInteger when wider), float → double, str → string, bytes → byte[], tuple → object?[], list and set →
/// List&lt;object?&gt;, dict → <see cref="PickleDict"/>, and what <see cref="GlobalCalls"/> builds for admitted globals.
/// </summary>
/// <remarks>
/// <para>
/// Nothing in a pickle can run: GLOBAL, STACK_GLOBAL and INST look the name up in <see cref="AdmittedGlobals"/> and
/// throw <see cref="PickleCheckpointError.ForbiddenGlobal"/> naming it when it is absent, before the next opcode is
/// read; REDUCE, NEWOBJ, OBJ and BUILD apply only to admitted names and only build values; the extension registry
/// (EXT1/2/4, which names globals by number), text persistent ids and out-of-band buffers are refused. Lengths are
/// checked against what is left of the input before anything is allocated, and the machine never recurses.
/// </para>
/// <para>
/// Why not Razorvine.Pickle 1.5.0 (the served pickle package): its <c>Unpickler</c> resolves every global through a
/// process-wide static registry (<c>Unpickler.registerConstructor</c>) and turns any unregistered global into a
/// <c>ClassDict</c> instead of refusing it; its only virtual hook is <c>persistentLoad</c>. Refusing by name would need a
/// deny-list in mutable static state, which can never be complete, so the few dozen opcodes are interpreted here.
/// </para>
/// </remarks>
internal sealed class RestrictedUnpickler
{
    private const int MaxLineLength = 4096;
    private const int HighestProtocol = 5;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream input;
    private readonly string filePath;
    private readonly string part;
    private readonly long baseOffset;
    private readonly Func<object?[], PickleFailure, object?>? persistentLoad;
    private readonly Stack<List<object?>> marks = new();
    private readonly Dictionary<long, object?> memo = [];
    private List<object?> stack = [];
    private long position;
    private long opcodeAt;

    private RestrictedUnpickler(Stream input, string filePath, string part, Func<object?[], PickleFailure, object?>? persistentLoad)
    {
        this.input = input;
        this.filePath = filePath;
        this.part = part;
        this.persistentLoad = persistentLoad;
        baseOffset = input.Position;
    }

    /// <summary>
    /// Reads one pickle from the current position of <paramref name="input"/> (seekable) up to and including its STOP,
    /// leaving the stream just after it.
    /// </summary>
    /// <param name="input">The stream; offsets in messages count from its start.</param>
    /// <param name="filePath">The checkpoint, for messages.</param>
    /// <param name="part">The pickle's name inside it (<c>archive/data.pkl</c>), for messages.</param>
    /// <param name="persistentLoad">Turns a BINPERSID id into a value; null where the pickle may hold none.</param>
    /// <param name="cancellationToken">Checked every few thousand opcodes.</param>
    /// <exception cref="PickleCheckpointException">A refused global, a malformed pickle, or what the callbacks refuse.</exception>
    public static object? Load(
        Stream input, string filePath, string part, Func<object?[], PickleFailure, object?>? persistentLoad, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!input.CanSeek)
        {
            throw new ArgumentException("The pickle stream must be seekable (its length bounds every read).", nameof(input));
        }

        return new RestrictedUnpickler(input, filePath, part, persistentLoad).Run(cancellationToken);
    }

    private object? Run(CancellationToken cancellationToken)
    {
        for (var count = 0L; ; count++)
        {
            if ((count & 0xfff) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            opcodeAt = baseOffset + position;
            var opcode = ReadByte();
            if (opcode == Stop)
            {
                return Pop();
            }

            Execute(opcode);
        }
    }

    private void Execute(byte opcode)
    {
        switch (opcode)
        {
            case Proto:
                var protocol = ReadByte();
                if (protocol > HighestProtocol)
                {
                    throw Fail(PickleCheckpointError.MalformedPickle, $"pickle protocol {protocol} is newer than {HighestProtocol}");
                }

                break;
            case Frame:
                ReadUInt64();
                break;
            case Mark:
                marks.Push(stack);
                stack = [];
                break;
            case PickleOpcodes.Pop:
                if (stack.Count > 0)
                {
                    stack.RemoveAt(stack.Count - 1);
                }
                else
                {
                    PopMarked();
                }

                break;
            case PopMark:
                PopMarked();
                break;
            case Dup:
                Push(Peek());
                break;

            case PickleOpcodes.None:
                Push(null);
                break;
            case NewTrue:
                Push(true);
                break;
            case NewFalse:
                Push(false);
                break;
            case BinInt:
                Push((long)BinaryPrimitives.ReadInt32LittleEndian(Read(4)));
                break;
            case BinInt1:
                Push((long)ReadByte());
                break;
            case BinInt2:
                Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Read(2)));
                break;
            case Long1:
                Push(Integer(Read(ReadByte())));
                break;
            case Long4:
                Push(Integer(Read(Length(BinaryPrimitives.ReadInt32LittleEndian(Read(4))))));
                break;
            case Int:
                Push(TextInt(ReadLine()));
                break;
            case PickleOpcodes.Long:
                Push(TextLong(ReadLine()));
                break;
            case PickleOpcodes.Float:
                Push(TextFloat(ReadLine()));
                break;
            case BinFloat:
                Push(BinaryPrimitives.ReadDoubleBigEndian(Read(8)));
                break;

            case BinUnicode:
                Push(Text(Read(Length(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))))));
                break;
            case ShortBinUnicode:
                Push(Text(Read(ReadByte())));
                break;
            case BinUnicode8:
                Push(Text(Read(Length(ReadUInt64()))));
                break;
            case BinString:
                Push(Text(Read(Length(BinaryPrimitives.ReadInt32LittleEndian(Read(4))))));
                break;
            case ShortBinString:
                Push(Text(Read(ReadByte())));
                break;
            case BinBytes:
                Push(Read(Length(BinaryPrimitives.ReadUInt32LittleEndian(Read(4)))));
                break;
            case ShortBinBytes:
                Push(Read(ReadByte()));
                break;
            case BinBytes8:
            case ByteArray8:
                Push(Read(Length(ReadUInt64())));
                break;

            case EmptyTuple:
                Push(Array.Empty<object?>());
                break;
            case Tuple1:
            case Tuple2:
            case Tuple3:
                var items = new object?[opcode - Tuple1 + 1];
                for (var i = items.Length - 1; i >= 0; i--)
                {
                    items[i] = Pop();
                }

                Push(items);
                break;
            case PickleOpcodes.Tuple:
                Push(PopMarked().ToArray());
                break;
            case EmptyList:
            case EmptySet:
                Push(new List<object?>());
                break;
            case PickleOpcodes.List:
            case FrozenSet:
                Push(PopMarked());
                break;
            case EmptyDict:
                Push(new PickleDict());
                break;
            case Dict:
                var dictionary = new PickleDict();
                AddPairs(dictionary, PopMarked());
                Push(dictionary);
                break;
            case Append:
                var appended = Pop();
                Target<List<object?>>("APPEND").Add(appended);
                break;
            case Appends:
            case AddItems:
                var added = PopMarked();
                Target<List<object?>>(opcode == Appends ? "APPENDS" : "ADDITEMS").AddRange(added);
                break;
            case SetItem:
                var value = Pop();
                var key = Pop();
                Target<PickleDict>("SETITEM").Set(key, value);
                break;
            case SetItems:
                var pairs = PopMarked();
                AddPairs(Target<PickleDict>("SETITEMS"), pairs);
                break;

            case BinPut:
                memo[ReadByte()] = Peek();
                break;
            case LongBinPut:
                memo[BinaryPrimitives.ReadUInt32LittleEndian(Read(4))] = Peek();
                break;
            case Memoize:
                memo[memo.Count] = Peek();
                break;
            case Put:
                memo[MemoIndex(ReadLine())] = Peek();
                break;
            case BinGet:
                Push(Recall(ReadByte()));
                break;
            case LongBinGet:
                Push(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Read(4))));
                break;
            case Get:
                Push(Recall(MemoIndex(ReadLine())));
                break;

            case Global:
                var module = ReadLine();
                Push(Admit(module, ReadLine()));
                break;
            case StackGlobal:
                var name = Pop();
                var owner = Pop();
                Push(owner is string ownerName && name is string globalName
                    ? Admit(ownerName, globalName)
                    : throw Fail(PickleCheckpointError.MalformedPickle, $"STACK_GLOBAL needs two str, found {GlobalCalls.Describe(owner)} and {GlobalCalls.Describe(name)}"));
                break;
            case Inst:
                var instModule = ReadLine();
                var instClass = Admit(instModule, ReadLine());
                Push(GlobalCalls.Call(instClass, PopMarked().ToArray(), Fail));
                break;
            case Obj:
                var objItems = PopMarked();
                Push(objItems is [PickleGlobal objClass, ..]
                    ? GlobalCalls.Call(objClass, objItems.Skip(1).ToArray(), Fail)
                    : throw Fail(PickleCheckpointError.MalformedPickle, "OBJ needs an admitted class first"));
                break;
            case Reduce:
                var arguments = PopTuple("REDUCE");
                Push(GlobalCalls.Call(PopGlobal("REDUCE"), arguments, Fail));
                break;
            case NewObj:
                var newArguments = PopTuple("NEWOBJ");
                Push(GlobalCalls.New(PopGlobal("NEWOBJ"), newArguments, Fail));
                break;
            case NewObjEx:
                if (Pop() is not PickleDict { Entries.Count: 0 })
                {
                    throw Fail(PickleCheckpointError.MalformedPickle, "NEWOBJ_EX with keyword arguments, which no checkpoint class takes");
                }

                var exArguments = PopTuple("NEWOBJ_EX");
                Push(GlobalCalls.New(PopGlobal("NEWOBJ_EX"), exArguments, Fail));
                break;
            case Build:
                var state = Pop();
                GlobalCalls.Build(Peek(), state, Fail);
                break;
            case BinPersId:
                var id = Pop();
                Push(persistentLoad is null
                    ? throw Fail(PickleCheckpointError.MalformedPickle, "a persistent id where this pickle may hold none")
                    : id is object?[] tuple
                        ? persistentLoad(tuple, Fail)
                        : throw Fail(PickleCheckpointError.MalformedPickle, $"a persistent id must be a tuple, not {GlobalCalls.Describe(id)}"));
                break;

            default:
                throw Fail(
                    PickleCheckpointError.MalformedPickle,
                    PickleOpcodes.RefusedName(opcode) is { } refused
                        ? $"opcode {refused} is not one torch.save writes; refused"
                        : $"0x{opcode:x2} is not a pickle opcode");
        }
    }

    private PickleGlobal Admit(string module, string name) =>
        AdmittedGlobals.Find(module, name) ?? throw new PickleCheckpointException(
            PickleCheckpointError.ForbiddenGlobal,
            $"refused global '{module}.{name}': a checkpoint may name only what rebuilds tensors and plain data, and Python " +
            "would run this one while loading the file (nothing in the file was run; it is not converted)",
            filePath, part, opcodeAt, global: $"{module}.{name}");

    private PickleCheckpointException Fail(PickleCheckpointError reason, string message) =>
        new(reason, message, filePath, part, opcodeAt);

    private void AddPairs(PickleDict dictionary, List<object?> flat)
    {
        if (flat.Count % 2 != 0)
        {
            throw Fail(PickleCheckpointError.MalformedPickle, $"{flat.Count} items after the mark cannot be key/value pairs");
        }

        for (var i = 0; i < flat.Count; i += 2)
        {
            dictionary.Set(flat[i], flat[i + 1]);
        }
    }

    private T Target<T>(string opcodeName) where T : class =>
        Peek() as T ?? throw Fail(PickleCheckpointError.MalformedPickle, $"{opcodeName} on a {GlobalCalls.Describe(Peek())}");

    private object?[] PopTuple(string opcodeName) =>
        Pop() is object?[] tuple ? tuple : throw Fail(PickleCheckpointError.MalformedPickle, $"{opcodeName} needs an argument tuple");

    private PickleGlobal PopGlobal(string opcodeName) => Pop() switch
    {
        PickleGlobal global => global,
        var other => throw Fail(PickleCheckpointError.MalformedPickle, $"{opcodeName} applies a {GlobalCalls.Describe(other)}, which is not an admitted global"),
    };

    private void Push(object? value) => stack.Add(value);

    private object? Pop()
    {
        if (stack.Count == 0)
        {
            throw Fail(PickleCheckpointError.MalformedPickle, "the stack is empty");
        }

        var value = stack[^1];
        stack.RemoveAt(stack.Count - 1);
        return value;
    }

    private object? Peek() => stack.Count > 0 ? stack[^1] : throw Fail(PickleCheckpointError.MalformedPickle, "the stack is empty");

    private List<object?> PopMarked()
    {
        if (marks.Count == 0)
        {
            throw Fail(PickleCheckpointError.MalformedPickle, "no MARK to return to");
        }

        var items = stack;
        stack = marks.Pop();
        return items;
    }

    private object? Recall(long index) =>
        memo.TryGetValue(index, out var value) ? value : throw Fail(PickleCheckpointError.MalformedPickle, $"memo entry {index} was never stored");

    private byte ReadByte()
    {
        var value = input.ReadByte();
        if (value < 0)
        {
            throw Fail(PickleCheckpointError.MalformedPickle, "the data ends inside the pickle (no STOP)");
        }

        position++;
        return (byte)value;
    }

    private ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Read(8));

    /// <summary>A length from the pickle, checked against what is left of the input before anything is allocated.</summary>
    private int Length(long length)
    {
        var left = input.Length - input.Position;
        return length < 0 || length > left || length > Array.MaxLength
            ? throw Fail(PickleCheckpointError.MalformedPickle, $"a length of {length} bytes runs past the end of the data ({left} bytes left)")
            : (int)length;
    }

    private int Length(ulong length) => Length(length > long.MaxValue ? -1 : (long)length);

    private byte[] Read(int count)
    {
        var bytes = new byte[Length((long)count)];
        input.ReadExactly(bytes);
        position += count;
        return bytes;
    }

    private string ReadLine()
    {
        var line = new List<byte>();
        for (var next = ReadByte(); next != (byte)'\n'; next = ReadByte())
        {
            if (line.Count == MaxLineLength)
            {
                throw Fail(PickleCheckpointError.MalformedPickle, $"a text line longer than {MaxLineLength} bytes");
            }

            line.Add(next);
        }

        return Text([.. line]);
    }

    private string Text(byte[] utf8)
    {
        try
        {
            return StrictUtf8.GetString(utf8);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(PickleCheckpointError.MalformedPickle, "a string that is not valid UTF-8");
        }
    }

    /// <summary>Two's-complement little-endian integer (LONG1/LONG4), as a long when it fits.</summary>
    private static object Integer(byte[] bytes) => Narrow(new BigInteger(bytes, isUnsigned: false, isBigEndian: false));

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1859", Justification = "A pickled int is a long when it fits, else a BigInteger.")]
    private static object Narrow(BigInteger value)
    {
        if (value >= long.MinValue && value <= long.MaxValue)
        {
            return (long)value;
        }

        return value;
    }

    private object TextInt(string line) => line switch
    {
        "00" => false,
        "01" => true,
        _ => TextLong(line),
    };

    private object TextLong(string line) =>
        BigInteger.TryParse(line.TrimEnd('L'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? Narrow(value)
            : throw Fail(PickleCheckpointError.MalformedPickle, $"'{line}' is not an integer");

    private double TextFloat(string line) =>
        double.TryParse(line, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Fail(PickleCheckpointError.MalformedPickle, $"'{line}' is not a float");

    private long MemoIndex(string line) =>
        long.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw Fail(PickleCheckpointError.MalformedPickle, $"'{line}' is not a memo index");
}
