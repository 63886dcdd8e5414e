using QuickFix.Checkpoints;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// One diffusers component's tensors (UNet or VAE) under module names, with the shape the module expects where the
/// file stores the same bytes in another shape (the VAE mid-block attention's <c>[C, C, 1, 1]</c> 1x1 convs of a
/// single file are diffusers' <c>[C, C]</c> linears: a reshape, as diffusers' conversion does).
/// </summary>
internal sealed class ComponentWeightSource : IWeightSource
{
    private readonly SafetensorsWeightSource inner;
    private readonly IReadOnlyDictionary<string, long[]> moduleShapes;

    public ComponentWeightSource(SafetensorsWeightSource inner, IReadOnlyDictionary<string, long[]> moduleShapes)
    {
        this.inner = inner;
        this.moduleShapes = moduleShapes;
    }

    /// <inheritdoc />
    public string Description => inner.Description;

    /// <summary>Every module name the source supplies (a strict load consumes each exactly once).</summary>
    public IEnumerable<string> Names => inner.Names;

    /// <summary>The file tensor behind a module name.</summary>
    public TensorLocation Locate(string name) => inner.Locate(name);

    /// <inheritdoc />
    public bool Contains(string name) => inner.Contains(name);

    /// <inheritdoc />
    public IReadOnlyList<long> ShapeOf(string name) =>
        moduleShapes.TryGetValue(name, out var shape) ? shape : inner.ShapeOf(name);

    /// <inheritdoc />
    public Tensor Read(string name)
    {
        var stored = inner.Read(name);
        if (!moduleShapes.TryGetValue(name, out var shape))
        {
            return stored;
        }

        using (stored)
        {
            return stored.reshape(shape).contiguous();
        }
    }
}
