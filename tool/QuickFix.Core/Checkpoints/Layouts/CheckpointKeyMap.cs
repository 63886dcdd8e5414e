namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// The correspondence between a pipeline's diffusers/transformers tensor names and its single-file (LDM/sgm) names,
/// generated from the architecture: UNet <c>model.diffusion_model.</c>, VAE <c>first_stage_model.</c>, text encoders
/// <c>cond_stage_model.transformer.</c> (SD 1.x), <c>cond_stage_model.model.</c> (SD 2.x, OpenCLIP),
/// <c>conditioner.embedders.{0.transformer,1.model}.</c> (SDXL); plus the tensors only one layout has.
/// </summary>
public sealed class CheckpointKeyMap
{
    /// <summary>Names of the 12 persistent schedule buffers <c>DDPM.register_schedule</c> stores at the root of SD 1.x/2.x files.</summary>
    public static IReadOnlyList<string> ScheduleBufferNames => LatentDiffusionSchedule.BufferNames;

    private readonly Dictionary<string, TensorMapping> _byDiffusersName;
    private readonly Dictionary<string, TensorMapping[]> _byFileName;

    private CheckpointKeyMap(StableDiffusionConfig config, IReadOnlyList<ComponentLayout> components, IReadOnlyList<ExtraTensor> rootExtras)
    {
        Config = config;
        Mappings = [.. components.SelectMany(c => c.Mappings)];
        FileOnlyTensors = [.. rootExtras, .. components.SelectMany(c => c.FileOnly)];
        DiffusersOnlyTensors = [.. components.SelectMany(c => c.DiffusersOnly)];
        _byDiffusersName = Mappings.ToDictionary(m => Key(m.DiffusersFile, m.DiffusersName), StringComparer.Ordinal);
        _byFileName = Mappings.GroupBy(m => m.FileName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(m => m.RowStart).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The architecture the map was generated from.</summary>
    public StableDiffusionConfig Config { get; }

    /// <summary>Every tensor both layouts have, per diffusers file in diffusers module order.</summary>
    public IReadOnlyList<TensorMapping> Mappings { get; }

    /// <summary>Tensors only single files have (schedule buffers, EMA counters, <c>denoiser.sigmas</c>, OpenCLIP extras).</summary>
    public IReadOnlyList<ExtraTensor> FileOnlyTensors { get; }

    /// <summary>Tensors only diffusers files have (<c>position_ids</c> of text encoders stored as OpenCLIP in single files).</summary>
    public IReadOnlyList<ExtraTensor> DiffusersOnlyTensors { get; }

    /// <summary>Generates the map for <paramref name="config"/>.</summary>
    /// <exception cref="UnsupportedArchitectureException">The config asks for modules the generators do not know.</exception>
    public static CheckpointKeyMap Create(StableDiffusionConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var steps = new TensorShape(config.Scheduler.NumTrainTimesteps);
        var unet = ComponentLayout.Of(UNetLayout.Build(config.Unet, DiffusersFiles.UNet, "model.diffusion_model."));
        var vae = ComponentLayout.Of(VaeLayout.Build(config.Vae, DiffusersFiles.Vae, "first_stage_model."));
        switch (config.Family)
        {
            case ModelFamily.SD15:
                return new(config, [unet, vae, ClipTextLayout.BuildHuggingFace(config.TextEncoder, DiffusersFiles.TextEncoder, "cond_stage_model.transformer.")],
                    [.. ScheduleBuffers(steps), .. EmaCounters()]);
            case ModelFamily.SD21:
                return new(config, [unet, vae, ClipTextLayout.BuildOpenClip(config.TextEncoder, DiffusersFiles.TextEncoder,
                        "cond_stage_model.model.", config.TextEncoder.NumHiddenLayers + 1)],
                    [.. ScheduleBuffers(steps), .. EmaCounters()]);
            case ModelFamily.SDXL:
                var second = config.TextEncoder2
                    ?? throw new UnsupportedArchitectureException("An SDXL pipeline needs a second text encoder (text_encoder_2).");
                if (!second.HasProjection)
                {
                    throw new UnsupportedArchitectureException("SDXL's text_encoder_2 must be a CLIPTextModelWithProjection.");
                }

                return new(config,
                [
                    unet,
                    ClipTextLayout.BuildHuggingFace(config.TextEncoder, DiffusersFiles.TextEncoder, "conditioner.embedders.0.transformer."),
                    ClipTextLayout.BuildOpenClip(second, DiffusersFiles.TextEncoder2, "conditioner.embedders.1.model.", second.NumHiddenLayers),
                    vae,
                ],
                [
                    new(null, "denoiser.sigmas", steps, TensorKind.Floating, OptionalTensors.DenoiserSigmas,
                        "Persistent buffer of sgm's DiscreteDenoiser; diffusers schedulers recompute it."),
                ]);
            default:
                throw new ArgumentOutOfRangeException(nameof(config), config.Family, "Unknown model family.");
        }
    }

    /// <summary>The mapping of diffusers tensor <paramref name="diffusersName"/> in <paramref name="diffusersFile"/>, or null.</summary>
    public TensorMapping? FindByDiffusersName(string diffusersFile, string diffusersName) =>
        _byDiffusersName.GetValueOrDefault(Key(diffusersFile, diffusersName));

    /// <summary>
    /// The diffusers tensors whose data is in single-file tensor <paramref name="fileName"/>, ordered by row
    /// (three for a fused OpenCLIP <c>in_proj</c>: q, k, v); empty when it has none. Legacy SD 1.x names (without
    /// <c>text_model.</c>) are accepted.
    /// </summary>
    public IReadOnlyList<TensorMapping> FindByFileName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return _byFileName.GetValueOrDefault(LegacyTensorNames.NormalizeSingleFileName(fileName)) ?? [];
    }

    private static string Key(string file, string name) => file + "\n" + name;

    private static IEnumerable<ExtraTensor> ScheduleBuffers(TensorShape steps) =>
        LatentDiffusionSchedule.BufferNames.Select(name => new ExtraTensor(null, name, steps, TensorKind.Floating, OptionalTensors.None,
            "LatentDiffusion schedule buffer; diffusers schedulers recompute it from scheduler_config.json."));

    private static IEnumerable<ExtraTensor> EmaCounters()
    {
        const string reason = "LitEma counters left by pruning the training checkpoint; not model weights.";
        yield return new(null, "model_ema.decay", new TensorShape(), TensorKind.Floating, OptionalTensors.EmaCounters, reason);
        yield return new(null, "model_ema.num_updates", new TensorShape(), TensorKind.Counter, OptionalTensors.EmaCounters, reason);
    }
}
