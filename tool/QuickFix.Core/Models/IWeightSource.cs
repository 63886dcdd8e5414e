using static TorchSharp.torch;

namespace QuickFix.Models;

/// <summary>
/// Supplies a module's weights under the module's own names (diffusers/transformers names), whatever the file
/// calls them. Checkpoint layouts implement it with their key maps.
/// </summary>
public interface IWeightSource
{
    /// <summary>Where the weights come from, for error messages (a file path, or path and component).</summary>
    string Description { get; }

    /// <summary>Whether a tensor of that module name exists.</summary>
    bool Contains(string name);

    /// <summary>The shape of the named tensor, without reading its bytes.</summary>
    IReadOnlyList<long> ShapeOf(string name);

    /// <summary>Reads the named tensor into a new CPU tensor of its stored dtype.</summary>
    Tensor Read(string name);
}
