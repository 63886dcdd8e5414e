using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Imaging;
using QuickFix.Models.Clip;
using QuickFix.Models.Unet;
using QuickFix.Models.Vae;
using QuickFix.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// Stable Diffusion text-to-image (SD 1.x / 2.x) composed from a text conditioner, a UNet, a VAE and a noise schedule,
/// in the shape of diffusers' <c>StableDiffusionPipeline</c> and CompVis' <c>txt2img</c> + <c>DDIMSampler</c>: encode the
/// prompts and the negative prompt; start from seeded noise times <c>init_noise_sigma</c>; per timestep one batched
/// UNet call on <c>[uncond, cond]</c> (CompVis' order), classifier-free guidance
/// <c>e_u + w (e_c − e_u)</c> in float32, one scheduler step; then the VAE's <c>decode_first_stage</c> and
/// <c>clamp((x + 1) / 2, 0, 1)</c>. The only arithmetic of its own is the guidance; everything else is the components'.
/// </summary>
/// <remarks>
/// Float32 on the CPU, in inference mode; each step runs in its own dispose scope so only the latents (and a multistep
/// scheduler's state) outlive it. SDXL's UNet also gets the second encoder's pooled text embedding and the size/crop
/// time ids (image size, no crop). Not thread-safe: one generation at a time.
/// </remarks>
public sealed class TextToImagePipeline : IDisposable
{
    private readonly TextConditioner textConditioner;
    private readonly UNet2DConditionModel unet;
    private readonly AutoencoderKL vae;
    private readonly bool ownsComponents;

    /// <summary>Composes loaded components; the caller keeps ownership of them (disposing the pipeline leaves them alone).</summary>
    /// <exception cref="UnsupportedArchitectureException">The UNet asks for added conditions other than SDXL's text_time.</exception>
    public TextToImagePipeline(TextConditioner textConditioner, UNet2DConditionModel unet, AutoencoderKL vae, NoiseSchedule schedule)
        : this(textConditioner, unet, vae, schedule, ownsComponents: false)
    {
    }

    private TextToImagePipeline(
        TextConditioner textConditioner, UNet2DConditionModel unet, AutoencoderKL vae, NoiseSchedule schedule, bool ownsComponents)
    {
        ArgumentNullException.ThrowIfNull(textConditioner);
        ArgumentNullException.ThrowIfNull(unet);
        ArgumentNullException.ThrowIfNull(vae);
        ArgumentNullException.ThrowIfNull(schedule);
        if (unet.Config.AdditionEmbedType is not (null or TextTimeEmbedding))
        {
            throw new UnsupportedArchitectureException(
                $"Text-to-image with addition_embed_type '{unet.Config.AdditionEmbedType}' is not implemented (SD 1.x, 2.x and SDXL's text_time are).");
        }

        this.textConditioner = textConditioner;
        this.unet = unet;
        this.vae = vae;
        Schedule = schedule;
        this.ownsComponents = ownsComponents;
    }

    /// <summary>The noise schedule the schedulers are built on.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>Pixels per latent cell: <c>2^(levels − 1)</c> of the VAE (8 for every released SD VAE).</summary>
    public int VaeScaleFactor => 1 << (vae.Config.BlockOutChannels.Count - 1);

    /// <summary>The default image width and height: the UNet's <c>sample_size</c> × <see cref="VaeScaleFactor"/>.</summary>
    public int DefaultSize => unet.Config.SampleSize * VaeScaleFactor;

    /// <summary>
    /// Loads the text encoder(s), UNet and VAE of <paramref name="checkpoint"/> in float32 and resolves its noise schedule
    /// (<see cref="NoiseSchedule.Resolve"/>); the pipeline owns and disposes what it loaded.
    /// </summary>
    /// <exception cref="CheckpointException">A component, config or tensor is missing or does not fit.</exception>
    /// <exception cref="UnsupportedArchitectureException">The checkpoint asks for modules not implemented.</exception>
    public static TextToImagePipeline Load(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TorchRuntime.EnsureLoaded();
        var components = StableDiffusionComponents.Resolve(checkpoint);

        var schedule = NoiseSchedule.Resolve(checkpoint);
        TextConditioner? text = null;
        UNet2DConditionModel? unet = null;
        try
        {
            text = TextConditioner.Load(checkpoint);
            unet = components.LoadUNet();
            var vae = components.LoadVae();
            return new TextToImagePipeline(text, unet, vae, schedule, ownsComponents: true);
        }
        catch
        {
            unet?.Dispose();
            text?.Dispose();
            throw;
        }
    }

    /// <summary>Generates one image per prompt of <paramref name="request"/>.</summary>
    /// <param name="request">Prompts and sampling settings.</param>
    /// <param name="progress">Told after every step and after decoding.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <exception cref="GenerationException">The request cannot run (size, steps, latents shape, no prompt).</exception>
    /// <exception cref="SchedulerConfigException">The schedule asks for something the scheduler does not implement.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public GenerationResult Generate(
        GenerationRequest request, IProgress<GenerationProgress>? progress = null, CancellationToken cancellationToken = default) =>
        Run(request, progress, observer: null, cancellationToken);

    /// <summary><see cref="Generate"/> with an observer of the intermediate tensors.</summary>
    internal GenerationResult Run(
        GenerationRequest request, IProgress<GenerationProgress>? progress, IDenoisingObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (width, height) = Validate(request);
        using var scheduler = Schedule.CreateScheduler(request.Scheduler);
        scheduler.SetTimesteps(request.Steps);

        using var scope = torch.NewDisposeScope();
        using var inference = torch.inference_mode();
        var (context, added) = Conditioning(request, width, height, cancellationToken);
        observer?.OnConditioning(context);

        var latents = InitialNoise(request, height / VaeScaleFactor, width / VaeScaleFactor) * scheduler.InitNoiseSigma;
        for (var i = 0; i < scheduler.Timesteps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var timestep = scheduler.Timesteps[i];
            using (var step = torch.NewDisposeScope())
            {
                var input = scheduler.ScaleModelInput(latents, timestep);
                var output = unet.Forward(torch.cat([input, input]), torch.tensor(new[] { (float)timestep }), context, added);
                var halves = output.chunk(2);
                var (unconditional, conditional) = (halves[0], halves[1]);

                // CompVis: e_t = e_t_uncond + scale * (e_t - e_t_uncond), in float32.
                var guided = unconditional + ((conditional - unconditional) * request.GuidanceScale);
                var next = scheduler.Step(guided, timestep, latents).PrevSample;
                observer?.OnStep(i, timestep, unconditional, conditional, next);
                latents.Dispose();
                latents = next.MoveToOuterDisposeScope();
            }

            progress?.Report(new GenerationProgress(i + 1, scheduler.Timesteps.Count, timestep));
        }

        cancellationToken.ThrowIfCancellationRequested();
        var decoded = vae.DecodeLatents(latents);
        var image = ((decoded + 1.0) / 2.0).clamp(0.0, 1.0);
        observer?.OnDecoded(decoded, image);
        var images = ToImages(image);
        progress?.Report(new GenerationProgress(scheduler.Timesteps.Count, scheduler.Timesteps.Count, scheduler.Timesteps[^1], Decoded: true));

        var generated = request.Prompts.Select((prompt, i) => new GeneratedImage(
            prompt, request.InitialLatents is null ? unchecked(request.Seed + (ulong)i) : null, images[i])).ToArray();
        return new GenerationResult(generated, LatentBatch.FromTensor(latents), [.. scheduler.Timesteps], request.Scheduler, width, height);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (ownsComponents)
        {
            textConditioner.Dispose();
            unet.Dispose();
            vae.Dispose();
        }
    }

    /// <summary>Checks the request against the model; returns the image size.</summary>
    private (int Width, int Height) Validate(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Prompts);
        if (request.Prompts.Count == 0)
        {
            throw new GenerationException("no prompt to generate an image for");
        }

        var trainTimesteps = Schedule.Config.NumTrainTimesteps;
        if (request.Steps < 1 || request.Steps > trainTimesteps)
        {
            throw new GenerationException($"steps must be between 1 and {trainTimesteps}, not {request.Steps}");
        }

        if (!double.IsFinite(request.GuidanceScale))
        {
            throw new GenerationException($"the guidance scale must be a finite number, not {request.GuidanceScale}");
        }

        var factor = VaeScaleFactor;
        if (request.InitialLatents is { } given)
        {
            if (given.Channels != unet.Config.InChannels || (given.Count != 1 && given.Count != request.Prompts.Count)
                || given.Values.Length != (long)given.Count * given.Channels * given.Height * given.Width)
            {
                throw new GenerationException(
                    $"the initial latents are [{given.Count}, {given.Channels}, {given.Height}, {given.Width}]; expected [1 or {request.Prompts.Count}, {unet.Config.InChannels}, h, w]");
            }

            var (latentWidth, latentHeight) = (given.Width * factor, given.Height * factor);
            if ((request.Width ?? latentWidth) != latentWidth || (request.Height ?? latentHeight) != latentHeight)
            {
                throw new GenerationException(
                    $"the initial latents ({given.Width}x{given.Height}) make a {latentWidth}x{latentHeight} image, not {request.Width}x{request.Height}");
            }

            return (latentWidth, latentHeight);
        }

        var width = request.Width ?? DefaultSize;
        var height = request.Height ?? DefaultSize;
        if (width < factor || height < factor || width % factor != 0 || height % factor != 0)
        {
            throw new GenerationException($"width and height must be positive multiples of {factor} (the VAE's down-sampling), not {width}x{height}");
        }

        return (width, height);
    }

    /// <summary>
    /// The conditioning batch <c>[negative × B, prompts]</c>, <c>[2B, 77, width]</c> float32, and for SDXL's
    /// <c>text_time</c> UNet the added conditions in the same row order: the pooled text embedding and the time ids
    /// (original size, crop top-left, target size: here the image size and no crop, as diffusers' default).
    /// </summary>
    private (Tensor Context, UNetAddedConditions? Added) Conditioning(GenerationRequest request, int imageWidth, int imageHeight, CancellationToken cancellationToken)
    {
        var encoded = textConditioner.Encode([request.NegativePrompt ?? string.Empty, .. request.Prompts], cancellationToken);
        var rows = Enumerable.Repeat(encoded[0], request.Prompts.Count).Concat(encoded.Skip(1)).ToArray();
        var width = encoded[0].Width;
        var values = rows.SelectMany(row => row.Conditioning).ToArray();
        var context = torch.tensor(values, [rows.Length, values.Length / rows.Length / width, width], ScalarType.Float32);
        if (unet.Config.AdditionEmbedType != TextTimeEmbedding)
        {
            return (context, null);
        }

        if (rows[0].Pooled is null)
        {
            throw new UnsupportedArchitectureException("SDXL's UNet needs the pooled embedding of a text encoder with a text_projection; none was loaded.");
        }

        var pooled = rows.SelectMany(row => row.Pooled!).ToArray();
        var timeIds = rows.SelectMany(_ => new float[] { imageHeight, imageWidth, 0, 0, imageHeight, imageWidth }).ToArray();
        return (context, new UNetAddedConditions(
            torch.tensor(pooled, [rows.Length, pooled.Length / rows.Length], ScalarType.Float32),
            torch.tensor(timeIds, [rows.Length, 6], ScalarType.Float32)));
    }

    /// <summary>diffusers' <c>addition_embed_type</c> of SDXL's UNet.</summary>
    private const string TextTimeEmbedding = "text_time";

    /// <summary>Unit-variance noise <c>[B, C, h, w]</c>: the given latents, or seed <c>Seed + i</c> for image <c>i</c>.</summary>
    private Tensor InitialNoise(GenerationRequest request, int latentHeight, int latentWidth)
    {
        var batch = request.Prompts.Count;
        if (request.InitialLatents is { } given)
        {
            var tensor = given.ToTensor();
            return given.Count == batch ? tensor : tensor.expand(batch, -1, -1, -1).contiguous();
        }

        var perImage = unet.Config.InChannels * latentHeight * latentWidth;
        var values = new float[batch * perImage];
        for (var i = 0; i < batch; i++)
        {
            LatentNoise.Fill(unchecked(request.Seed + (ulong)i), values.AsSpan(i * perImage, perImage));
        }

        return torch.tensor(values, [batch, unet.Config.InChannels, latentHeight, latentWidth], ScalarType.Float32);
    }

    /// <summary>
    /// <c>[B, 3, H, W]</c> values in [0, 1] to 8-bit images: <c>round_half_even(v · 255)</c> with the product in float32,
    /// as numpy computes diffusers' <c>(images * 255).round().astype("uint8")</c>.
    /// </summary>
    private static RgbImage[] ToImages(Tensor image)
    {
        using var pixels = image.permute(0, 2, 3, 1).contiguous();
        var (count, height, width) = ((int)pixels.shape[0], (int)pixels.shape[1], (int)pixels.shape[2]);
        var values = pixels.data<float>().ToArray();
        var images = new RgbImage[count];
        for (var n = 0; n < count; n++)
        {
            var result = new RgbImage(width, height, Rgb.Black);
            var offset = n * width * height * 3;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    var i = offset + (((y * width) + x) * 3);
                    result[x, y] = new Rgb(ToByte(values[i]), ToByte(values[i + 1]), ToByte(values[i + 2]));
                }
            }

            images[n] = result;
        }

        return images;
    }

    private static byte ToByte(float value) => (byte)MathF.Round(value * 255f, MidpointRounding.ToEven);
}
