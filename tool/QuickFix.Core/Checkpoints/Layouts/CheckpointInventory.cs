namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Everything a writer needs to lay out a checkpoint of a given architecture, layout and precision except the
/// weights: the safetensors files with their ordered tensor specs, and (diffusers layout) the JSON config files.
/// Float tensors take the requested dtype; integer buffers keep theirs (<c>position_ids</c> I64,
/// <c>model_ema.num_updates</c> I32), as in the released files.
/// </summary>
/// <param name="Config">The architecture.</param>
/// <param name="Layout">Diffusers folder or single file.</param>
/// <param name="FloatType">The dtype of every float tensor (F32, F16 or BF16).</param>
/// <param name="Optional">Which optional tensors are included.</param>
/// <param name="Files">The safetensors files. Diffusers files list tensors in diffusers/transformers state_dict order;
/// the single file lists root buffers, then the components' tensors in diffusers module order (not LDM's), then
/// the OpenCLIP-only tensors.</param>
/// <param name="ConfigFiles">The JSON files of a diffusers folder (none for a single file).</param>
public sealed record CheckpointInventory(
    StableDiffusionConfig Config,
    CheckpointLayout Layout,
    TensorDType FloatType,
    OptionalTensors Optional,
    IReadOnlyList<CheckpointFile> Files,
    IReadOnlyList<ConfigFile> ConfigFiles)
{
    /// <summary>Bytes of tensor data over all files.</summary>
    public long DataByteCount => Files.Sum(f => f.DataByteCount);

    /// <summary>The inventory of <paramref name="family"/> at <paramref name="size"/> (tiny models use <paramref name="tinyTextVocabSize"/> tokens).</summary>
    public static CheckpointInventory Create(ModelFamily family, ModelSize size, CheckpointLayout layout, TensorDType floatType,
        int tinyTextVocabSize, OptionalTensors optional = OptionalTensors.None) =>
        Create(StableDiffusionConfig.Create(family, size, tinyTextVocabSize), layout, floatType, optional);

    /// <summary>The inventory of <paramref name="config"/> in <paramref name="layout"/> with float tensors in <paramref name="floatType"/>.</summary>
    /// <exception cref="UnsupportedArchitectureException">The config asks for modules the generators do not know.</exception>
    public static CheckpointInventory Create(StableDiffusionConfig config, CheckpointLayout layout, TensorDType floatType,
        OptionalTensors optional = OptionalTensors.None)
    {
        ArgumentNullException.ThrowIfNull(config);
        TensorSpec.Resolve(TensorKind.Floating, floatType); // rejects integer dtypes up front
        var map = CheckpointKeyMap.Create(config);
        return layout switch
        {
            CheckpointLayout.Diffusers => new(config, layout, floatType, optional, DiffusersFilesOf(map, floatType, optional),
                ConfigFilesOf(config, floatType)),
            CheckpointLayout.SingleFile => new(config, layout, floatType, optional,
                [new CheckpointFile(DiffusersFiles.SingleFile, SingleFileTensors(map, floatType, optional))], []),
            _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "Unknown checkpoint layout."),
        };
    }

    private static CheckpointFile[] DiffusersFilesOf(CheckpointKeyMap map, TensorDType floatType, OptionalTensors optional) =>
    [
        .. map.Mappings.Select(m => m.DiffusersFile).Distinct(StringComparer.Ordinal).Select(file => new CheckpointFile(file,
            ComponentInventory.Specs(
                map.Mappings.Where(m => m.DiffusersFile == file),
                map.DiffusersOnlyTensors.Where(e => e.DiffusersFile == file),
                floatType,
                optional))),
    ];

    private static TensorSpec[] SingleFileTensors(CheckpointKeyMap map, TensorDType floatType, OptionalTensors optional)
    {
        var specs = new List<TensorSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string name, TensorShape shape, TensorKind kind, OptionalTensors group)
        {
            if (ComponentInventory.Included(group, optional) && seen.Add(name))
            {
                specs.Add(new TensorSpec(name, shape, TensorSpec.Resolve(kind, floatType)));
            }
        }

        var rootExtras = map.FileOnlyTensors.Where(e => !e.Name.Contains("_model.", StringComparison.Ordinal)
            && !e.Name.StartsWith("conditioner.", StringComparison.Ordinal)).ToArray();
        foreach (var extra in rootExtras.Where(e => e.OptionalGroup == OptionalTensors.None))
        {
            Add(extra.Name, extra.Shape, extra.Kind, extra.OptionalGroup);
        }

        foreach (var mapping in map.Mappings)
        {
            Add(mapping.FileName, mapping.FileShape, mapping.Kind, mapping.OptionalGroup);
        }

        foreach (var extra in map.FileOnlyTensors.Except(rootExtras).Concat(rootExtras))
        {
            Add(extra.Name, extra.Shape, extra.Kind, extra.OptionalGroup);
        }

        return [.. specs];
    }

    private static ConfigFile[] ConfigFilesOf(StableDiffusionConfig config, TensorDType floatType)
    {
        var torchDtype = floatType switch
        {
            TensorDType.F16 => "float16",
            TensorDType.BF16 => "bfloat16",
            _ => "float32",
        };
        var files = new List<ConfigFile>
        {
            new(DiffusersFiles.ModelIndex, ModelIndexJson.Create(config)),
            new("scheduler/scheduler_config.json", DiffusersConfigJson.Serialize(config.Scheduler)),
            new("text_encoder/config.json", DiffusersConfigJson.Serialize(config.TextEncoder with { TorchDtype = torchDtype })),
        };
        if (config.TextEncoder2 is not null)
        {
            files.Add(new("text_encoder_2/config.json", DiffusersConfigJson.Serialize(config.TextEncoder2 with { TorchDtype = torchDtype })));
        }

        files.Add(new("unet/config.json", DiffusersConfigJson.Serialize(config.Unet)));
        files.Add(new("vae/config.json", DiffusersConfigJson.Serialize(config.Vae)));
        return [.. files];
    }
}
