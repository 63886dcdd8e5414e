namespace QuickFix.Models;

/// <summary>A checkpoint does not hold the weights a model needs (a missing tensor, a wrong shape).</summary>
public sealed class WeightLoadException : QuickFixException
{
    public WeightLoadException(string source, string tensorName, string problem)
        : base("QF0401", problem + ".", source)
    {
        TensorName = tensorName;
    }

    /// <summary>The module name of the offending tensor.</summary>
    public string TensorName { get; }
}
