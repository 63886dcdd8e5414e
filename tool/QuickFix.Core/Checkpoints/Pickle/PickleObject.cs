namespace QuickFix.Checkpoints.Pickle;

/// <summary>
/// An instance of an admitted data-only class (a Lightning <c>ModelCheckpoint</c>, a numpy dtype), kept as the inert
/// record of its class name, constructor arguments and <c>BUILD</c> state. Nothing reads it but error messages and
/// metadata; no method of the class is ever looked up.
/// </summary>
internal sealed class PickleObject(PickleGlobal type, IReadOnlyList<object?> arguments)
{
    public PickleGlobal Type { get; } = type;

    public IReadOnlyList<object?> Arguments { get; } = arguments;

    /// <summary>What <c>BUILD</c> set (the instance's <c>__dict__</c> or <c>__setstate__</c> argument), if anything.</summary>
    public object? State { get; set; }
}
