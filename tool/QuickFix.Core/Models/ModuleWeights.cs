using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace QuickFix.Models;

/// <summary>Loads a module's parameters from a <see cref="IWeightSource"/> by name, strictly.</summary>
/// <remarks>
/// Modules built on the <c>meta</c> device (<see cref="LoadDevice"/>) hold no memory and skip their random
/// initialisation (seconds for a 123 M-parameter text encoder, far more for a UNet); loading then installs each
/// tensor read from the checkpoint as the parameter itself, so the weights are held once. Modules built on the CPU
/// get the tensors copied into their parameters instead.
/// </remarks>
public static class ModuleWeights
{
    /// <summary>The device to build a module on when it is going to be loaded: no storage, no initialisation.</summary>
    public static Device LoadDevice => torch.META;

    /// <summary>
    /// Fills every parameter of <paramref name="module"/> from <paramref name="source"/> (converted to
    /// <paramref name="dtype"/>) and turns gradients off: these modules only ever run inference.
    /// </summary>
    /// <exception cref="WeightLoadException">A parameter is missing from the source or has another shape.</exception>
    public static void Load(nn.Module module, IWeightSource source, ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(source);
        Runtime.TorchRuntime.EnsureLoaded();
        var modules = module.named_modules().ToDictionary(pair => pair.name, pair => pair.module, StringComparer.Ordinal);
        modules[string.Empty] = module;
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in module.named_parameters().ToArray())
        {
            if (!source.Contains(name))
            {
                throw new WeightLoadException(source.Description, name, $"tensor '{name}' is missing");
            }

            var actual = source.ShapeOf(name);
            if (!parameter.shape.SequenceEqual(actual))
            {
                throw new WeightLoadException(
                    source.Description, name, $"tensor '{name}' has shape [{string.Join(", ", actual)}], expected [{string.Join(", ", parameter.shape)}]");
            }

            if (parameter.device_type != DeviceType.META)
            {
                using var stored = source.Read(name);
                parameter.copy_(stored);
                parameter.requires_grad = false;
                continue;
            }

            var read = source.Read(name);
            var value = read.dtype == dtype ? read : read.to(dtype);
            if (!ReferenceEquals(value, read))
            {
                read.Dispose();
            }

            var split = name.LastIndexOf('.');
            var owner = modules[split < 0 ? string.Empty : name[..split]];
            Install(owner, split < 0 ? name : name[(split + 1)..], new Parameter(value, requires_grad: false), source.Description, name);
        }
    }

    /// <summary>Sets a built-in module's parameter through its property, which re-registers it under the same name.</summary>
    private static void Install(nn.Module owner, string localName, Parameter value, string source, string fullName)
    {
        switch (owner, localName)
        {
            case (Linear linear, "weight"): linear.weight = value; break;
            case (Linear linear, "bias"): linear.bias = value; break;
            case (LayerNorm norm, "weight"): norm.weight = value; break;
            case (LayerNorm norm, "bias"): norm.bias = value; break;
            case (GroupNorm norm, "weight"): norm.weight = value; break;
            case (GroupNorm norm, "bias"): norm.bias = value; break;
            case (Embedding embedding, "weight"): embedding.weight = value; break;
            case (Conv2d conv, "weight"): conv.weight = value; break;
            case (Conv2d conv, "bias"): conv.bias = value; break;
            default:
                // A custom module's own Parameter fields cannot be swapped from here: build such modules on the CPU.
                throw new WeightLoadException(
                    source, fullName, $"parameter '{fullName}' of a {owner.GetType().Name} cannot be installed into a meta-device module");
        }
    }
}
