using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// Decides what each stored tensor of a synthesized checkpoint holds. Random tensors are keyed by their diffusers
/// identity, <c>&lt;component folder&gt;/&lt;diffusers name&gt;</c> (e.g. <c>unet/conv_in.weight</c>), so that the same
/// seed gives the same network in both layouts (a fused OpenCLIP <c>in_proj_weight</c> holds exactly the q, k, v of the
/// diffusers file; <c>text_projection</c> is its transpose). Tensors only single files have are keyed by their stored
/// name. Buffers with defined values get them: schedule buffers and <c>denoiser.sigmas</c> from
/// <see cref="LatentDiffusionSchedule"/>, <c>position_ids</c> = 0..n-1, <c>logit_scale</c> = ln(1/0.07) (CLIP's initial
/// temperature), <c>model_ema.decay</c> = 0.9999 and <c>model_ema.num_updates</c> = 0 (LitEma's initial values).
/// </summary>
internal sealed class TensorValuePlanner
{
    /// <summary>OpenCLIP's initial <c>logit_scale</c>: ln(1 / 0.07).</summary>
    public static readonly double LogitScale = Math.Log(1.0 / 0.07);

    /// <summary>LitEma's default decay.</summary>
    public const double EmaDecay = 0.9999;

    private readonly ulong seed;
    private readonly CheckpointKeyMap map;
    private readonly Dictionary<string, IReadOnlyList<double>> scheduleBuffers;

    public TensorValuePlanner(ulong seed, CheckpointKeyMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        this.seed = seed;
        this.map = map;
        scheduleBuffers = LatentDiffusionSchedule.Compute(map.Config.Scheduler).ToDictionary(b => b.Name, b => b.Values, StringComparer.Ordinal);
        scheduleBuffers["denoiser.sigmas"] = LatentDiffusionSchedule.DenoiserSigmas(map.Config.Scheduler);
    }

    /// <summary>The random-stream name of diffusers tensor <paramref name="name"/> of <paramref name="diffusersFile"/>.</summary>
    public static string StreamName(string diffusersFile, string name)
    {
        ArgumentNullException.ThrowIfNull(diffusersFile);
        var slash = diffusersFile.IndexOf('/', StringComparison.Ordinal);
        return (slash < 0 ? diffusersFile : diffusersFile[..slash]) + "/" + name;
    }

    /// <summary>The values of <paramref name="spec"/> in diffusers file <paramref name="diffusersFile"/> (its non-variant inventory path).</summary>
    public ITensorValues ForDiffusers(string diffusersFile, TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Fixed(spec) is { } fixedValues)
        {
            return fixedValues;
        }

        var mapping = map.FindByDiffusersName(diffusersFile, spec.Name)
            ?? throw new InvalidOperationException($"Tensor '{spec.Name}' of {diffusersFile} is in no layout map.");
        return new RandomTensorValues([Block(mapping, fileRowElements: 0)]);
    }

    /// <summary>The values of <paramref name="spec"/> in a single file.</summary>
    public ITensorValues ForSingleFile(TensorSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (Fixed(spec) is { } fixedValues)
        {
            return fixedValues;
        }

        var mappings = map.FindByFileName(spec.Name);
        if (mappings.Count == 0)
        {
            return new RandomTensorValues(
                [new RandomBlock(CounterRandom.StreamKey(seed, spec.Name), InitializationRules.For(spec.Name, spec.Shape), 0, spec.Shape.ElementCount)]);
        }

        var rowElements = spec.Shape.Rank == 0 ? 1 : spec.Shape.ElementCount / Math.Max(spec.Shape[0], 1);
        return new RandomTensorValues(mappings.Select(m => Block(m, rowElements)));
    }

    private RandomBlock Block(TensorMapping mapping, long fileRowElements)
    {
        var key = CounterRandom.StreamKey(seed, StreamName(mapping.DiffusersFile, mapping.DiffusersName));
        var distribution = InitializationRules.For(mapping.DiffusersName, mapping.DiffusersShape);
        var count = mapping.DiffusersShape.ElementCount;
        var transposedRows = fileRowElements != 0 && mapping.Transform == TensorTransform.Transpose ? mapping.FileShape[0] : 0;
        return new RandomBlock(key, distribution, mapping.RowStart * fileRowElements, count, transposedRows);
    }

    private FixedTensorValues? Fixed(TensorSpec spec)
    {
        var name = spec.Name;
        if (name.EndsWith("position_ids", StringComparison.Ordinal))
        {
            return new FixedTensorValues([.. Enumerable.Range(0, checked((int)spec.Shape.ElementCount)).Select(i => (double)i)]);
        }

        if (name.EndsWith("logit_scale", StringComparison.Ordinal))
        {
            return new FixedTensorValues([LogitScale]);
        }

        return name switch
        {
            "model_ema.decay" => new FixedTensorValues([EmaDecay]),
            "model_ema.num_updates" => new FixedTensorValues([0.0]),
            _ when scheduleBuffers.TryGetValue(name, out var values) => new FixedTensorValues(values),
            _ => null,
        };
    }
}
