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

    /// <summary>
    /// Reads the named tensor as float64 in the module's orientation (the q, k or v block of a fused tensor, transposed
    /// where the file stores it so), without libtorch: the edit's arithmetic runs in C#.
    /// </summary>
    public double[] ReadDoubles(string name)
    {
        var location = Locate(name);
        var info = location.Info;
        var rows = info.Shape.Count == 0 ? 1 : info.Shape[0];
        var rowBytes = rows == 0 ? 0 : info.ByteLength / rows;
        var bytes = new byte[checked(location.RowCount * rowBytes)];
        location.File.ReadBytes(info, location.RowStart * rowBytes, bytes);
        var values = new double[bytes.Length * 8 / info.DType.BitSize()];
        TensorElementCodec.Decode(bytes, info.DType, values);
        if (!location.Transposed)
        {
            return values;
        }

        var (storedRows, storedColumns) = (location.RowCount, values.Length / location.RowCount);
        var transposed = new double[values.Length];
        for (var r = 0; r < storedRows; r++)
        {
            for (var c = 0; c < storedColumns; c++)
            {
                transposed[(c * storedRows) + r] = values[(r * storedColumns) + c];
            }
        }

        return transposed;
    }

    /// <summary>Reads rows <paramref name="rows"/> of a 2-D tensor (token embedding rows) as float64, one ranged read each.</summary>
    public double[] ReadRowsAsDoubles(string name, IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var location = Locate(name);
        var info = location.Info;
        if (location.Transposed || info.Shape.Count != 2)
        {
            throw new ArgumentException($"{name} ('{location.TensorName}') is not a row-major 2-D tensor.", nameof(name));
        }

        var width = (int)info.Shape[1];
        var rowBytes = info.ByteLength / info.Shape[0];
        var bytes = new byte[rowBytes];
        var values = new double[(long)rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] < 0 || rows[i] >= location.RowCount)
            {
                throw new ArgumentOutOfRangeException(nameof(rows), $"Row {rows[i]} is outside the {location.RowCount}-row tensor '{location.TensorName}'.");
            }

            location.File.ReadBytes(info, (location.RowStart + rows[i]) * rowBytes, bytes);
            TensorElementCodec.Decode(bytes, info.DType, values.AsSpan(i * width, width));
        }

        return values;
    }

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
