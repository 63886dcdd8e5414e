namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Collects the tensors of one diffusers file in module-registration (state_dict) order together with their
/// single-file names. The layout walkers describe each module once through it, so both namings come from the same
/// enumeration and cannot drift apart.
/// </summary>
internal sealed class MappingBuilder(string diffusersFile, string filePrefix)
{
    private readonly List<TensorMapping> _mappings = [];

    public IReadOnlyList<TensorMapping> Mappings => _mappings;

    public string DiffusersFile => diffusersFile;

    public string FilePrefix => filePrefix;

    /// <summary>A tensor with the same shape in both layouts.</summary>
    public void Same(string diffusersName, string fileName, TensorShape shape, TensorKind kind = TensorKind.Floating,
        OptionalTensors optionalGroup = OptionalTensors.None) =>
        Add(new TensorMapping(diffusersFile, diffusersName, shape, filePrefix + fileName, shape, 0,
            TensorMapping.RowsOf(shape), TensorTransform.None, kind, optionalGroup));

    /// <summary>A tensor whose diffusers form is rows <c>[rowStart, rowStart + rows)</c> of a bigger file tensor.</summary>
    public void Rows(string diffusersName, TensorShape diffusersShape, string fileName, TensorShape fileShape, long rowStart) =>
        Add(new TensorMapping(diffusersFile, diffusersName, diffusersShape, filePrefix + fileName, fileShape, rowStart,
            diffusersShape[0], TensorTransform.None));

    /// <summary>A whole tensor whose shapes differ (a reshape or a transpose of the same data).</summary>
    public void Whole(string diffusersName, TensorShape diffusersShape, string fileName, TensorShape fileShape,
        TensorTransform transform) =>
        Add(new TensorMapping(diffusersFile, diffusersName, diffusersShape, filePrefix + fileName, fileShape, 0,
            TensorMapping.RowsOf(fileShape), transform));

    /// <summary><c>nn.Linear(inFeatures, outFeatures)</c>: weight <c>[out, in]</c>, bias <c>[out]</c>.</summary>
    public void Linear(string diffusersModule, string fileModule, long outFeatures, long inFeatures, bool bias = true)
    {
        Same(diffusersModule + ".weight", fileModule + ".weight", new TensorShape(outFeatures, inFeatures));
        if (bias)
        {
            Same(diffusersModule + ".bias", fileModule + ".bias", new TensorShape(outFeatures));
        }
    }

    /// <summary><c>nn.Conv2d(inChannels, outChannels, kernel)</c>: weight <c>[out, in, k, k]</c>, bias <c>[out]</c>.</summary>
    public void Conv(string diffusersModule, string fileModule, long outChannels, long inChannels, long kernel)
    {
        Same(diffusersModule + ".weight", fileModule + ".weight", new TensorShape(outChannels, inChannels, kernel, kernel));
        Same(diffusersModule + ".bias", fileModule + ".bias", new TensorShape(outChannels));
    }

    /// <summary>A GroupNorm or LayerNorm over <paramref name="channels"/>: weight and bias <c>[channels]</c>.</summary>
    public void Norm(string diffusersModule, string fileModule, long channels)
    {
        Same(diffusersModule + ".weight", fileModule + ".weight", new TensorShape(channels));
        Same(diffusersModule + ".bias", fileModule + ".bias", new TensorShape(channels));
    }

    private void Add(TensorMapping mapping) => _mappings.Add(mapping);
}
