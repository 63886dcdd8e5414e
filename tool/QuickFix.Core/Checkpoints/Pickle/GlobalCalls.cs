using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// The fixed meaning of <c>REDUCE</c>, <c>NEWOBJ</c> and <c>BUILD</c> on each admitted global: plain C# values
/// (dictionaries, tuples, bytes, <see cref="PickledTensor"/>, inert <see cref="PickleObject"/>s). This is the only place a
/// pickle's "call" has an effect, and every effect is building a value from the arguments.
/// </summary>
internal static class GlobalCalls
{
    /// <summary><c>REDUCE</c>: what <c>callable(*arguments)</c> stands for.</summary>
    public static object? Call(PickleGlobal callable, object?[] arguments, PickleFailure fail) => callable.Kind switch
    {
        PickleGlobalKind.OrderedDict => Dictionary(callable, arguments, fail),
        PickleGlobalKind.Set => arguments.Length == 0 ? new List<object?>() : new List<object?>(Items(arguments[0], callable, fail)),
        PickleGlobalKind.RebuildTensor => Tensor(callable, arguments, 4, 4, fail),
        PickleGlobalKind.RebuildTensorV2 => Tensor(callable, arguments, 6, 7, fail),
        PickleGlobalKind.RebuildParameter => arguments is [PickledTensor data, ..] && arguments.Length is 3 or 4
            ? data
            : throw fail(PickleCheckpointError.UnsupportedTensor, $"{callable.FullName} expects a tensor and 2 or 3 more arguments, not ({Describe(arguments)})"),
        PickleGlobalKind.TorchSize => arguments.Length == 1
            ? Items(arguments[0], callable, fail).ToArray()
            : throw fail(PickleCheckpointError.MalformedPickle, $"{callable.FullName} expects one sequence, not ({Describe(arguments)})"),
        PickleGlobalKind.CodecsEncode => Encode(callable, arguments, fail),
        PickleGlobalKind.NumpyScalar => NumpyScalar(callable, arguments, fail),
        PickleGlobalKind.NumpyDtype or PickleGlobalKind.DataOnlyClass => new PickleObject(callable, arguments),
        _ => throw fail(
            PickleCheckpointError.MalformedPickle, $"{callable.FullName} is a storage type, which a pickle names only inside a persistent id"),
    };

    /// <summary><c>NEWOBJ</c>: what <c>cls.__new__(cls, *arguments)</c> stands for; only containers and data-only classes.</summary>
    public static object? New(PickleGlobal type, object?[] arguments, PickleFailure fail) => type.Kind switch
    {
        PickleGlobalKind.OrderedDict => new PickleDict(),
        PickleGlobalKind.Set => new List<object?>(),
        PickleGlobalKind.DataOnlyClass or PickleGlobalKind.NumpyDtype => new PickleObject(type, arguments),
        _ => throw fail(PickleCheckpointError.MalformedPickle, $"NEWOBJ on {type.FullName}, which is not a class a checkpoint instantiates"),
    };

    /// <summary><c>BUILD</c>: sets the state of an inert object (never a <c>__setstate__</c> call).</summary>
    public static void Build(object? target, object? state, PickleFailure fail)
    {
        if (target is not PickleObject instance)
        {
            throw fail(PickleCheckpointError.MalformedPickle, $"BUILD on {Describe(target)}, which has no state to set");
        }

        instance.State = state;
    }

    /// <summary>A value's Python type, for messages.</summary>
    public static string Describe(object? value) => value switch
    {
        null => "None",
        bool => "bool",
        long or BigInteger => "int",
        double => "float",
        string => "str",
        byte[] => "bytes",
        object?[] => "tuple",
        List<object?> => "list",
        PickleDict => "dict",
        PickledTensor => "tensor",
        StorageReference => "storage",
        PickleGlobal global => global.FullName,
        PickleObject instance => $"{instance.Type.FullName} object",
        _ => value.GetType().Name,
    };

    private static string Describe(object?[] arguments) => string.Join(", ", arguments.Select(Describe));

    private static PickleDict Dictionary(PickleGlobal callable, object?[] arguments, PickleFailure fail)
    {
        var dictionary = new PickleDict();
        if (arguments.Length == 0)
        {
            return dictionary;
        }

        foreach (var pair in Items(arguments[0], callable, fail))
        {
            if (pair is not object?[] { Length: 2 } keyValue)
            {
                throw fail(PickleCheckpointError.MalformedPickle, $"{callable.FullName} expects (key, value) pairs, not a {Describe(pair)}");
            }

            dictionary.Set(keyValue[0], keyValue[1]);
        }

        return dictionary;
    }

    private static IEnumerable<object?> Items(object? sequence, PickleGlobal callable, PickleFailure fail) => sequence switch
    {
        object?[] tuple => tuple,
        List<object?> list => list,
        _ => throw fail(PickleCheckpointError.MalformedPickle, $"{callable.FullName} expects a tuple or list, not a {Describe(sequence)}"),
    };

    private static PickledTensor Tensor(PickleGlobal callable, object?[] arguments, int minimum, int maximum, PickleFailure fail)
    {
        if (arguments.Length < minimum || arguments.Length > maximum || arguments[0] is not StorageReference storage)
        {
            throw fail(
                PickleCheckpointError.UnsupportedTensor,
                $"{callable.FullName} expects a storage, an offset, a size and a stride{(maximum > 4 ? " (and requires_grad, hooks)" : string.Empty)}, not ({Describe(arguments)})");
        }

        var offset = arguments[1] is long start and >= 0
            ? start
            : throw fail(PickleCheckpointError.UnsupportedTensor, $"{callable.FullName}: the storage offset must be a non-negative int, not {Describe(arguments[1])}");
        var shape = Dimensions(arguments[2], "size", callable, fail);
        var strides = Dimensions(arguments[3], "stride", callable, fail);
        if (shape.Length != strides.Length)
        {
            throw fail(PickleCheckpointError.UnsupportedTensor, $"{callable.FullName}: {shape.Length} sizes but {strides.Length} strides");
        }

        return new PickledTensor(storage, offset, shape, strides);
    }

    private static long[] Dimensions(object? value, string what, PickleGlobal callable, PickleFailure fail)
    {
        var items = value switch
        {
            object?[] tuple => tuple,
            List<object?> list => list.ToArray(),
            _ => null,
        };
        if (items is null || items.Any(item => !(item is long dimension && dimension >= 0)))
        {
            throw fail(
                PickleCheckpointError.UnsupportedTensor,
                $"{callable.FullName}: the {what} must be a tuple of non-negative ints (strides below 0 are not read), not {Describe(value)}" +
                (items is null ? string.Empty : $" ({string.Join(", ", items.Select(i => i is long n ? n.ToString(CultureInfo.InvariantCulture) : Describe(i)))})"));
        }

        return items.Select(item => (long)item!).ToArray();
    }

    /// <summary><c>_codecs.encode(text, encoding)</c>: protocol 2 writes byte strings as latin-1 text and this call.</summary>
    private static byte[] Encode(PickleGlobal callable, object?[] arguments, PickleFailure fail)
    {
        var encoding = arguments switch
        {
            [string] => "utf-8",
            [string, string name] => name.ToLowerInvariant(),
            _ => throw fail(PickleCheckpointError.MalformedPickle, $"{callable.FullName} expects (str, encoding), not ({Describe(arguments)})"),
        };
        var text = (string)arguments[0]!;
        switch (encoding)
        {
            case "latin1" or "latin-1" or "iso-8859-1":
                if (text.Any(character => character > '\u00ff'))
                {
                    throw fail(PickleCheckpointError.MalformedPickle, $"{callable.FullName}: a character above U+00FF cannot be latin-1");
                }

                return Encoding.Latin1.GetBytes(text);
            case "utf-8" or "utf8":
                return Encoding.UTF8.GetBytes(text);
            default:
                throw fail(PickleCheckpointError.MalformedPickle, $"{callable.FullName}: encoding '{encoding}' is not one a checkpoint uses (latin1, utf-8)");
        }
    }

    /// <summary>
    /// <c>numpy.core.multiarray.scalar(dtype, bytes)</c>: the number itself for little-endian bool, int, uint and float
    /// dtypes (so that a numpy <c>global_step</c> becomes metadata like a Python int), else an inert object.
    /// </summary>
    private static object NumpyScalar(PickleGlobal callable, object?[] arguments, PickleFailure fail)
    {
        if (arguments is not [PickleObject { Type.Kind: PickleGlobalKind.NumpyDtype } dtype, byte[] bytes])
        {
            throw fail(PickleCheckpointError.MalformedPickle, $"{callable.FullName} expects (numpy.dtype, bytes), not ({Describe(arguments)})");
        }

        var order = dtype.State is object?[] { Length: > 1 } state && state[1] is string byteOrder ? byteOrder : "|";
        if (dtype.Arguments is not [string descriptor, ..] || order == ">" || descriptor.Length < 2
            || !int.TryParse(descriptor.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size != bytes.Length)
        {
            return new PickleObject(callable, arguments);
        }

        return (descriptor[0], size) switch
        {
            ('b', 1) => bytes[0] != 0,
            ('i', 1) => (long)(sbyte)bytes[0],
            ('i', 2) => (long)BinaryPrimitives.ReadInt16LittleEndian(bytes),
            ('i', 4) => (long)BinaryPrimitives.ReadInt32LittleEndian(bytes),
            ('i', 8) => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            ('u', 1) => (long)bytes[0],
            ('u', 2) => (long)BinaryPrimitives.ReadUInt16LittleEndian(bytes),
            ('u', 4) => (long)BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            ('u', 8) => new BigInteger(bytes, isUnsigned: true),
            ('f', 2) => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes),
            ('f', 4) => (double)BinaryPrimitives.ReadSingleLittleEndian(bytes),
            ('f', 8) => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            _ => new PickleObject(callable, arguments),
        };
    }
}
