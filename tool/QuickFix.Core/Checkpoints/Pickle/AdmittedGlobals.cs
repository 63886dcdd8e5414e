using System.Collections.Frozen;

namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// The only globals a checkpoint's pickle may name: those <c>torch.save</c> writes to rebuild tensors and the plain data
/// around them, and nothing else. Any other (<c>posix.system</c>, <c>builtins.eval</c>, <c>subprocess.Popen</c>, a model
/// class) is refused by name the moment the pickle names it, before another opcode is read. Admitting a name never
/// runs anything: <see cref="GlobalCalls"/> gives each one a fixed, inert meaning in C#.
/// </summary>
/// <remarks>
/// <para>
/// The list is what SD 1.x/2.x <c>.ckpt</c> files need, checked against the lists other loaders arrived at from the
/// files in circulation (AUTOMATIC1111's <c>modules/safe.py</c>, ComfyUI's <c>comfy/utils.py</c> safe globals): the
/// tensor rebuilders and storage types; <c>collections.OrderedDict</c>; <c>torch.Size</c>; <c>builtins.set</c>; and, for
/// Lightning's training state beside the weights, <c>numpy.dtype</c> with <c>numpy.core.multiarray.scalar</c> (numpy
/// scalars such as a callback's score) and <c>_codecs.encode</c> (how protocol 2 writes their bytes).
/// </para>
/// <para>
/// Lightning checkpoints (<c>sd-v1-4.ckpt</c> and most SD 1.x fine-tunes) also hold
/// <c>pytorch_lightning.callbacks.model_checkpoint.ModelCheckpoint</c>, as the key of their <c>callbacks</c> entry and
/// sometimes as an instance. Refusing it would refuse most SD 1.x files for a value that is never used, so it is
/// admitted as a <em>data-only class</em>: named here, built as an inert <see cref="PickleObject"/> holding its
/// <c>__dict__</c>, never instantiated or called. The list stays short and closed; a class that is not on it is refused.
/// </para>
/// </remarks>
internal static class AdmittedGlobals
{
    /// <summary>The typed storages <c>torch.save</c> names, and the element type of each (complex and quantized ones are not read). Declared before <see cref="ByName"/>, whose initializer reads it.</summary>
    private static readonly (string Name, SafetensorsDType DType)[] StorageTypes =
    [
        ("FloatStorage", SafetensorsDType.F32),
        ("DoubleStorage", SafetensorsDType.F64),
        ("HalfStorage", SafetensorsDType.F16),
        ("BFloat16Storage", SafetensorsDType.BF16),
        ("LongStorage", SafetensorsDType.I64),
        ("IntStorage", SafetensorsDType.I32),
        ("ShortStorage", SafetensorsDType.I16),
        ("CharStorage", SafetensorsDType.I8),
        ("ByteStorage", SafetensorsDType.U8),
        ("BoolStorage", SafetensorsDType.BOOL),
    ];

    private static readonly FrozenDictionary<string, PickleGlobal> ByName = Build().ToFrozenDictionary(g => g.FullName, StringComparer.Ordinal);

    /// <summary>The admitted global <c>module.name</c>, or null when it is not admitted.</summary>
    public static PickleGlobal? Find(string module, string name) => ByName.GetValueOrDefault($"{module}.{name}");

    private static IEnumerable<PickleGlobal> Build()
    {
        yield return new("collections", "OrderedDict", PickleGlobalKind.OrderedDict);
        yield return new("__builtin__", "set", PickleGlobalKind.Set);
        yield return new("builtins", "set", PickleGlobalKind.Set);
        yield return new("torch._utils", "_rebuild_tensor", PickleGlobalKind.RebuildTensor);
        yield return new("torch._utils", "_rebuild_tensor_v2", PickleGlobalKind.RebuildTensorV2);
        yield return new("torch._utils", "_rebuild_parameter", PickleGlobalKind.RebuildParameter);
        yield return new("torch._utils", "_rebuild_parameter_with_state", PickleGlobalKind.RebuildParameter);
        yield return new("torch", "Size", PickleGlobalKind.TorchSize);
        foreach (var (name, dtype) in StorageTypes)
        {
            yield return new("torch", name, PickleGlobalKind.StorageType, dtype);
        }

        yield return new("_codecs", "encode", PickleGlobalKind.CodecsEncode);
        yield return new("numpy", "dtype", PickleGlobalKind.NumpyDtype);
        yield return new("numpy.core.multiarray", "scalar", PickleGlobalKind.NumpyScalar);
        yield return new("numpy._core.multiarray", "scalar", PickleGlobalKind.NumpyScalar);
        yield return new("pytorch_lightning.callbacks.model_checkpoint", "ModelCheckpoint", PickleGlobalKind.DataOnlyClass);
        yield return new("lightning.pytorch.callbacks.model_checkpoint", "ModelCheckpoint", PickleGlobalKind.DataOnlyClass);
    }
}
