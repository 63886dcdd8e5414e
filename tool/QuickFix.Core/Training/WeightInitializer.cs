using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// Initial weights from the synthesizer's rules (<see cref="InitializationRules"/>: uniform with std 1/sqrt(fan_in) for
/// weights, 0.02 for token embeddings, norms 1 ± small noise) and its counter-based streams keyed by the seed and
/// <c>component/parameter name</c>, so that a training run starts from the same network on any machine and thread
/// count, and without touching libtorch's global generator (tests run side by side).
/// </summary>
internal static class WeightInitializer
{
    /// <summary>Overwrites every parameter of <paramref name="module"/>; <c>logit_scale</c> gets CLIP's ln(1/0.07).</summary>
    public static void Initialize(nn.Module module, ulong seed, string component)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            var count = checked((int)parameter.numel());
            var values = new double[count];
            if (name.EndsWith("logit_scale", StringComparison.Ordinal))
            {
                Array.Fill(values, TensorValuePlanner.LogitScale);
            }
            else
            {
                var distribution = InitializationRules.For(name, new TensorShape(parameter.shape));
                CounterRandom.Fill(CounterRandom.StreamKey(seed, component + "/" + name), 0, distribution, values);
            }

            using var initial = torch.tensor(values, parameter.shape, dtype: parameter.dtype);
            parameter.copy_(initial);
        }
    }
}
