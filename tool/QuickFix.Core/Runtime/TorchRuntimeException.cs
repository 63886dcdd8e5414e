namespace QuickFix.Runtime;

/// <summary>TorchSharp's native backend could not be loaded on this machine.</summary>
public sealed class TorchRuntimeException : QuickFixException
{
    public TorchRuntimeException(string message, Exception? innerException = null)
        : base("QF0901", message, filePath: null, innerException)
    {
    }

    /// <summary>An environment problem, not bad input and not a failed gate.</summary>
    public override bool IsInputError => false;
}
