using QuickFix.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Checkpoints;

/// <summary>
/// Presents tensors of one or more safetensors files under module names through a table of
/// <see cref="TensorLocation"/>s, reading only the bytes asked for.
/// </summary>
public sealed class SafetensorsWeightSource : IWeightSource
{
    private readonly IReadOnlyDictionary<string, TensorLocation> locations;

    public SafetensorsWeightSource(string description, IReadOnlyDictionary<string, TensorLocation> locations)
    {
        ArgumentNullException.ThrowIfNull(description);
        ArgumentNullException.ThrowIfNull(locations);
        Description = description;
        this.locations = locations;
    }

    /// <summary>A source that names every tensor of <paramref name="file"/> as the file does (diffusers components).</summary>
    public static SafetensorsWeightSource Direct(SafetensorsFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new SafetensorsWeightSource(file.Path, file.Tensors.ToDictionary(
            t => t.Name,
            t => new TensorLocation(file, t.Name, 0, t.Shape.Count == 0 ? 1 : t.Shape[0], Transposed: false),
            StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public string Description { get; }

    /// <summary>The module names this source can supply.</summary>
    public IEnumerable<string> Names => locations.Keys;

    /// <inheritdoc />
    public bool Contains(string name) => locations.ContainsKey(name);

    /// <summary>Where the named module tensor lives.</summary>
    /// <exception cref="KeyNotFoundException">No tensor of that module name.</exception>
    public TensorLocation Locate(string name) =>
        locations.TryGetValue(name, out var location)
            ? location
            : throw new KeyNotFoundException($"{Description} has no tensor for module name '{name}'.");

    /// <inheritdoc />
    public IReadOnlyList<long> ShapeOf(string name) => Locate(name).ModuleShape;

    /// <inheritdoc />
    public Tensor Read(string name)
    {
        var location = Locate(name);
        var block = SafetensorsTorch.ReadRows(location.File, location.Info, location.RowStart, location.RowCount);
        if (!location.Transposed)
        {
            return block;
        }

        using (block)
        {
            return block.t().contiguous();
        }
    }
}
