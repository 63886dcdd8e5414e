using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Models;

/// <summary>Loads a module's parameters from a <see cref="IWeightSource"/> by name, strictly.</summary>
public static class ModuleWeights
{
    /// <summary>
    /// Copies every parameter of <paramref name="module"/> from <paramref name="source"/> (converted to the parameter's
    /// dtype) and turns gradients off: these modules only ever run inference.
    /// </summary>
    /// <exception cref="WeightLoadException">A parameter is missing from the source or has another shape.</exception>
    public static void Load(nn.Module module, IWeightSource source)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(source);
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters())
        {
            if (!source.Contains(name))
            {
                throw new WeightLoadException(source.Description, name, $"tensor '{name}' is missing");
            }

            var expected = parameter.shape;
            var actual = source.ShapeOf(name);
            if (!expected.SequenceEqual(actual))
            {
                throw new WeightLoadException(
                    source.Description, name, $"tensor '{name}' has shape [{string.Join(", ", actual)}], expected [{string.Join(", ", expected)}]");
            }

            using var stored = source.Read(name);
            parameter.copy_(stored);
            parameter.requires_grad = false;
        }
    }
}
