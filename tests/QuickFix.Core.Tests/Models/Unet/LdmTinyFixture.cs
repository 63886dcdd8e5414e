using QuickFix.Checkpoints;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Models.Unet;

/// <summary>
/// The tiny SD 1.x single file of <c>shared/data/reference/ldm-tiny</c> (F16, CompVis layout, with its
/// <c>model.yaml</c>) and the outputs CompVis' <c>LatentDiffusion</c> computed from it in float32 (fixture README §3).
/// </summary>
internal static class LdmTinyFixture
{
    /// <summary>
    /// max|diff|/max|ref| allowed. The README's float32 sensitivity (weights perturbed at rounding level) moves
    /// <c>unet.eps</c> by 1.2e-6 and <c>vae.encode.posterior_mean</c> by 2.5e-6: a float32 re-implementation with
    /// another summation order lands within a small multiple of that.
    /// </summary>
    public const double Tolerance = 1e-5;

    public static string ModelPath => SharedData.Reference("ldm-tiny", "model.safetensors");

    public static string ExpectedPath => SharedData.Reference("ldm-tiny", "expected.safetensors");

    /// <summary>An expected tensor as a float32 or int64 torch tensor of its stored shape.</summary>
    public static Tensor Expected(SafetensorsFile expected, string name) => SafetensorsTorch.Read(expected, expected[name]);

    /// <summary>Asserts <paramref name="actual"/> matches the expected tensor <paramref name="name"/> in shape and to <see cref="Tolerance"/>.</summary>
    public static double AssertClose(Tensor actual, SafetensorsFile expected, string name)
    {
        using var reference = Expected(expected, name);
        Assert.Equal(reference.shape, actual.shape);
        var error = Tests.Models.ClipReferenceFixture.RelativeMaxError(
            actual.contiguous().data<float>().ToArray(), reference.contiguous().data<float>().ToArray());
        Assert.True(error <= Tolerance, $"{name}: max|diff|/max|ref| = {error:E2} exceeds {Tolerance:E0}");
        return error;
    }
}
