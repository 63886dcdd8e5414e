using System.Text.Json;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Models.Vae;
using QuickFix.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// The denoiser and autoencoder of an opened checkpoint: their architectures and their weights under diffusers module
/// names, ready to build and load strictly. Diffusers folder: <c>unet/config.json</c> and <c>vae/config.json</c> with
/// the weights files as they are. Single file: the CompVis config beside it (<c>&lt;file name&gt;.yaml</c>, as
/// AUTOMATIC1111 and ComfyUI look for it) when present, otherwise the family's released architecture (or its tiny
/// counterpart when the file's shapes are those), with the family's key map from LDM/sgm names to diffusers names.
/// </summary>
public sealed class StableDiffusionComponents
{
    private const string UNetPrefix = "model.diffusion_model.";
    private const string VaePrefix = "first_stage_model.";

    private readonly ComponentWeightSource unetWeights;
    private readonly ComponentWeightSource vaeWeights;

    private StableDiffusionComponents(
        UNet2DConditionConfig unet, AutoencoderKLConfig vae, string configSource,
        ComponentWeightSource unetWeights, ComponentWeightSource vaeWeights)
    {
        UNetConfig = unet;
        VaeConfig = vae;
        ConfigSource = configSource;
        this.unetWeights = unetWeights;
        this.vaeWeights = vaeWeights;
    }

    /// <summary>The UNet's architecture.</summary>
    public UNet2DConditionConfig UNetConfig { get; }

    /// <summary>The VAE's architecture.</summary>
    public AutoencoderKLConfig VaeConfig { get; }

    /// <summary>
    /// Where the architectures came from: the two <c>config.json</c> paths (diffusers), the sidecar <c>.yaml</c> path, or
    /// which released architecture was assumed (single file without sidecar).
    /// </summary>
    public string ConfigSource { get; }

    /// <summary>The UNet's tensors under diffusers names.</summary>
    public IWeightSource UNetWeights => unetWeights;

    /// <summary>The VAE's tensors under diffusers names.</summary>
    public IWeightSource VaeWeights => vaeWeights;

    /// <summary>Resolves the UNet and VAE of <paramref name="checkpoint"/> (reads configs and headers only).</summary>
    /// <exception cref="CheckpointException">A component, its config or one of its tensors is missing or does not fit.</exception>
    /// <exception cref="UnsupportedArchitectureException">The config asks for modules this implementation does not have.</exception>
    public static StableDiffusionComponents Resolve(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return checkpoint.Layout == CheckpointLayout.Diffusers ? FromDiffusers(checkpoint) : FromSingleFile(checkpoint);
    }

    /// <summary>Builds the UNet in <paramref name="dtype"/> and loads every weight strictly (gradients off, eval mode).</summary>
    /// <exception cref="WeightLoadException">A parameter is missing, has another shape, or a tensor is left unused.</exception>
    public UNet2DConditionModel LoadUNet(ScalarType dtype = ScalarType.Float32)
    {
        TorchRuntime.EnsureLoaded();
        return Load(new UNet2DConditionModel(UNetConfig), unetWeights, dtype);
    }

    /// <summary>Builds the VAE in <paramref name="dtype"/> and loads every weight strictly (gradients off, eval mode).</summary>
    /// <exception cref="WeightLoadException">A parameter is missing, has another shape, or a tensor is left unused.</exception>
    public AutoencoderKL LoadVae(ScalarType dtype = ScalarType.Float32)
    {
        TorchRuntime.EnsureLoaded();
        return Load(new AutoencoderKL(VaeConfig), vaeWeights, dtype);
    }

    private static T Load<T>(T model, ComponentWeightSource weights, ScalarType dtype)
        where T : nn.Module
    {
        try
        {
            model.to(dtype);
            ModuleWeights.Load(model, weights);

            // Strict in both directions (torch's load_state_dict(strict=True)): a tensor no parameter takes means the
            // config and the file disagree.
            var parameters = model.named_parameters().Select(p => p.name).ToHashSet(StringComparer.Ordinal);
            var unused = weights.Names.Where(name => !parameters.Contains(name)).Order(StringComparer.Ordinal).ToList();
            if (unused.Count > 0)
            {
                throw new WeightLoadException(weights.Description, unused[0],
                    $"{unused.Count} tensor(s) fit no parameter of the {model.GetName()}, e.g. '{unused[0]}'");
            }

            model.eval();
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static StableDiffusionComponents FromDiffusers(Checkpoint checkpoint)
    {
        var unet = ReadJsonConfig<UNet2DConditionConfig>(checkpoint.Path, "unet");
        var vae = ReadJsonConfig<AutoencoderKLConfig>(checkpoint.Path, "vae");
        var source = $"{Path.Combine(checkpoint.Path, "unet", "config.json")}, {Path.Combine(checkpoint.Path, "vae", "config.json")}";
        return new StableDiffusionComponents(
            unet, vae, source,
            new ComponentWeightSource(SafetensorsWeightSource.Direct(ComponentFile(checkpoint, "unet")), new Dictionary<string, long[]>()),
            new ComponentWeightSource(SafetensorsWeightSource.Direct(ComponentFile(checkpoint, "vae")), new Dictionary<string, long[]>()));
    }

    private static SafetensorsFile ComponentFile(Checkpoint checkpoint, string component) =>
        checkpoint.Files.FirstOrDefault(f => f.Component == component)?.File
        ?? throw new CheckpointException(
            CheckpointError.MissingComponent, $"{component}/ has no diffusion_pytorch_model.safetensors (or fp16/bf16 variant)", checkpoint.Path);

    private static T ReadJsonConfig<T>(string root, string component)
        where T : class
    {
        var path = Path.Combine(root, component, "config.json");
        if (!File.Exists(path))
        {
            throw new CheckpointException(CheckpointError.MissingComponent, $"{component}/config.json is missing", path);
        }

        try
        {
            return DiffusersConfigJson.Deserialize<T>(File.ReadAllText(path));
        }
        catch (JsonException exception)
        {
            throw new CheckpointException(
                CheckpointError.InvalidConfig, $"not a valid {typeof(T).Name}: {exception.Message}", path, innerException: exception);
        }
    }

    private static StableDiffusionComponents FromSingleFile(Checkpoint checkpoint)
    {
        var file = checkpoint.Files.Single().File;
        var released = StableDiffusionConfig.Full(checkpoint.Family);
        var sidecar = LdmConfigFile.SidecarPath(checkpoint.Path);
        if (File.Exists(sidecar))
        {
            var (unet, vae) = LdmConfigFile.Read(sidecar, released.Vae.ScalingFactor);
            var config = released with { Unet = unet, Vae = vae };
            return Mapped(checkpoint, file, WithTextEncoders(config, checkpoint), sidecar);
        }

        // No sidecar: the released architecture, or its tiny counterpart (what `quickfix synth --size tiny` writes),
        // whichever the file's shapes fit; otherwise report the released architecture's first mismatch.
        var tiny = StableDiffusionConfig.Tiny(checkpoint.Family, checkpoint.TextEncoders[0].Config.VocabSize);
        foreach (var candidate in new[] { released, tiny })
        {
            var config = WithTextEncoders(candidate, checkpoint);
            if (FirstMismatch(file, CheckpointKeyMap.Create(config)) is null)
            {
                return Mapped(checkpoint, file, config, $"released {checkpoint.Family} architecture ({candidate.Size})");
            }
        }

        var mismatch = FirstMismatch(file, CheckpointKeyMap.Create(WithTextEncoders(released, checkpoint)))!;
        throw new CheckpointException(
            CheckpointError.UnexpectedTensor,
            $"{mismatch.Value.Problem}, so the UNet/VAE are not the released {checkpoint.Family} architecture; " +
            $"place its CompVis inference config beside the file as '{Path.GetFileName(sidecar)}'",
            checkpoint.Path,
            mismatch.Value.Name);
    }

    /// <summary>The family's configuration with the text encoders the checkpoint actually has (their key map entries need them).</summary>
    private static StableDiffusionConfig WithTextEncoders(StableDiffusionConfig config, Checkpoint checkpoint) => config with
    {
        TextEncoder = checkpoint.TextEncoders[0].Config,
        TextEncoder2 = checkpoint.TextEncoders.Count > 1 ? checkpoint.TextEncoders[1].Config : null,
    };

    private static IEnumerable<TensorMapping> ComponentMappings(CheckpointKeyMap map) =>
        map.Mappings.Where(m => m.DiffusersFile is DiffusersFiles.UNet or DiffusersFiles.Vae);

    private static (string Name, string Problem)? FirstMismatch(SafetensorsFile file, CheckpointKeyMap map)
    {
        foreach (var mapping in ComponentMappings(map))
        {
            if (!file.TryGetTensor(mapping.FileName, out var info))
            {
                return (mapping.FileName, $"tensor '{mapping.FileName}' is missing");
            }

            if (!info.Shape.SequenceEqual(mapping.FileShape.Dimensions))
            {
                return (mapping.FileName, $"tensor '{mapping.FileName}' has shape [{string.Join(", ", info.Shape)}], expected {mapping.FileShape}");
            }
        }

        // Every UNet/VAE tensor of the file must be taken, as load_state_dict(strict=True) demands.
        var mapped = ComponentMappings(map).Select(m => m.FileName).ToHashSet(StringComparer.Ordinal);
        var extra = file.Tensors.FirstOrDefault(t =>
            (t.Name.StartsWith(UNetPrefix, StringComparison.Ordinal) || t.Name.StartsWith(VaePrefix, StringComparison.Ordinal))
            && !mapped.Contains(t.Name));
        return extra is null ? null : (extra.Name, $"tensor '{extra.Name}' has no place in the architecture");
    }

    private static StableDiffusionComponents Mapped(Checkpoint checkpoint, SafetensorsFile file, StableDiffusionConfig config, string source)
    {
        var map = CheckpointKeyMap.Create(config);
        if (FirstMismatch(file, map) is { } mismatch)
        {
            throw new CheckpointException(
                CheckpointError.UnexpectedTensor, $"{mismatch.Problem} by the architecture of {source}", checkpoint.Path, mismatch.Name);
        }

        return new StableDiffusionComponents(
            config.Unet, config.Vae, source,
            Source(checkpoint, file, map, DiffusersFiles.UNet, "unet"),
            Source(checkpoint, file, map, DiffusersFiles.Vae, "vae"));
    }

    private static ComponentWeightSource Source(Checkpoint checkpoint, SafetensorsFile file, CheckpointKeyMap map, string diffusersFile, string component)
    {
        var locations = new Dictionary<string, TensorLocation>(StringComparer.Ordinal);
        var reshaped = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var mapping in map.Mappings.Where(m => m.DiffusersFile == diffusersFile))
        {
            locations.Add(mapping.DiffusersName, new TensorLocation(
                file, mapping.FileName, mapping.RowStart, mapping.RowCount, mapping.Transform == TensorTransform.Transpose));
            if (mapping.Transform == TensorTransform.None && mapping.IsWholeTensor && mapping.DiffusersShape != mapping.FileShape)
            {
                reshaped.Add(mapping.DiffusersName, [.. mapping.DiffusersShape.Dimensions]);
            }
        }

        return new ComponentWeightSource(new SafetensorsWeightSource($"{checkpoint.Path} ({component})", locations), reshaped);
    }
}
