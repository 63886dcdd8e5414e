using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Sampling;

/// <summary>Conversions and the relative comparison the sampling tests share.</summary>
internal static class SamplingAssert
{
    public static double[] Values(Tensor tensor) => tensor.to_type(ScalarType.Float64).data<double>().ToArray();

    /// <summary>max |actual − expected| / max |expected| (the fixture README's measure).</summary>
    public static double RelativeMaxError(IReadOnlyList<double> actual, IReadOnlyList<double> expected)
    {
        Assert.Equal(expected.Count, actual.Count);
        double maxDiff = 0, maxRef = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(actual[i] - expected[i]));
            maxRef = Math.Max(maxRef, Math.Abs(expected[i]));
        }

        return maxDiff / maxRef;
    }

    public static void Close(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double relativeTolerance)
    {
        var error = RelativeMaxError(actual, expected);
        Assert.True(error <= relativeTolerance, $"relative max error {error:E2} > {relativeTolerance:E0}");
    }

    public static void CloseTensor(IReadOnlyList<double> expected, Tensor actual, double relativeTolerance) =>
        Close(expected, (IReadOnlyList<double>)Values(actual), relativeTolerance);
}
