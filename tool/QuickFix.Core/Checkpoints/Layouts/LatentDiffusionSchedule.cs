namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// Values of the schedule buffers single files carry, computed from the training schedule of a
/// <see cref="SchedulerConfig"/>: the 12 persistent buffers of CompVis/Stability <c>DDPM.register_schedule</c>
/// (ldm/models/diffusion/ddpm.py, <c>v_posterior = 0</c>) and sgm's <c>DiscreteDenoiser.sigmas</c>. Computed in
/// float64 like the reference (numpy) code; the writer rounds to the file's dtype.
/// </summary>
public static class LatentDiffusionSchedule
{
    /// <summary>The 12 buffer names, in registration order.</summary>
    public static IReadOnlyList<string> BufferNames { get; } =
    [
        "betas", "alphas_cumprod", "alphas_cumprod_prev", "sqrt_alphas_cumprod", "sqrt_one_minus_alphas_cumprod",
        "log_one_minus_alphas_cumprod", "sqrt_recip_alphas_cumprod", "sqrt_recipm1_alphas_cumprod", "posterior_variance",
        "posterior_log_variance_clipped", "posterior_mean_coef1", "posterior_mean_coef2",
    ];

    /// <summary>The 12 LatentDiffusion schedule buffers for <paramref name="scheduler"/>, in <see cref="BufferNames"/> order.</summary>
    /// <exception cref="UnsupportedArchitectureException">The beta schedule is not SD's <c>scaled_linear</c>.</exception>
    public static IReadOnlyList<ScheduleBuffer> Compute(SchedulerConfig scheduler)
    {
        var betas = Betas(scheduler);
        var n = betas.Length;
        var alphas = betas.Select(beta => 1.0 - beta).ToArray();
        var cumprod = new double[n];
        var product = 1.0;
        for (var t = 0; t < n; t++)
        {
            product *= alphas[t];
            cumprod[t] = product;
        }

        var previous = new double[n];
        previous[0] = 1.0;
        Array.Copy(cumprod, 0, previous, 1, n - 1);

        double[] Map(Func<int, double> f) => [.. Enumerable.Range(0, n).Select(f)];
        var posteriorVariance = Map(t => betas[t] * (1.0 - previous[t]) / (1.0 - cumprod[t]));
        double[][] values =
        [
            betas,
            cumprod,
            previous,
            Map(t => Math.Sqrt(cumprod[t])),
            Map(t => Math.Sqrt(1.0 - cumprod[t])),
            Map(t => Math.Log(1.0 - cumprod[t])),
            Map(t => Math.Sqrt(1.0 / cumprod[t])),
            Map(t => Math.Sqrt((1.0 / cumprod[t]) - 1.0)),
            posteriorVariance,
            Map(t => Math.Log(Math.Max(posteriorVariance[t], 1e-20))), // the reference clips the t = 0 variance (0)
            Map(t => betas[t] * Math.Sqrt(previous[t]) / (1.0 - cumprod[t])),
            Map(t => (1.0 - previous[t]) * Math.Sqrt(alphas[t]) / (1.0 - cumprod[t])),
        ];
        return [.. BufferNames.Select((name, i) => new ScheduleBuffer(name, values[i]))];
    }

    /// <summary>
    /// sgm <c>DiscreteDenoiser.sigmas</c> (SDXL <c>denoiser.sigmas</c>): <c>sqrt((1 - alphas_cumprod) / alphas_cumprod)</c>,
    /// ascending with the timestep (LegacyDDPMDiscretization flips once, the denoiser flips back).
    /// </summary>
    public static IReadOnlyList<double> DenoiserSigmas(SchedulerConfig scheduler)
    {
        var cumprod = Compute(scheduler)[1].Values;
        return [.. cumprod.Select(a => Math.Sqrt((1.0 - a) / a))];
    }

    /// <summary>
    /// LDM "linear" = diffusers "scaled_linear": <c>torch.linspace(sqrt(start), sqrt(end), n, dtype=float64) ** 2</c>.
    /// The linspace is evaluated as torch does (from the start for the first half, from the end for the second).
    /// </summary>
    private static double[] Betas(SchedulerConfig scheduler)
    {
        ArgumentNullException.ThrowIfNull(scheduler);
        if (scheduler.BetaSchedule != "scaled_linear" || scheduler.TrainedBetas is not null)
        {
            throw new UnsupportedArchitectureException(
                $"Only the 'scaled_linear' beta schedule of Stable Diffusion is supported, not '{scheduler.BetaSchedule}'.");
        }

        var n = scheduler.NumTrainTimesteps;
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 2, nameof(scheduler));
        var start = Math.Sqrt(scheduler.BetaStart);
        var end = Math.Sqrt(scheduler.BetaEnd);
        var step = (end - start) / (n - 1);
        var betas = new double[n];
        for (var i = 0; i < n; i++)
        {
            var root = i < n / 2 ? start + (i * step) : end - ((n - 1 - i) * step);
            betas[i] = root * root;
        }

        return betas;
    }
}
