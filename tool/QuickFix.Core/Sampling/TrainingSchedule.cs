using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Sampling;

/// <summary>
/// The training noise schedule <c>ᾱ_t = Π_{s≤t} (1 − β_s)</c> a scheduler samples with, from a config's betas or given
/// explicitly (an LDM single file carries its own, possibly F16-rounded, <c>alphas_cumprod</c> buffer).
/// </summary>
/// <remarks>
/// Computed in float64 as CompVis <c>register_schedule</c> does (diffusers uses float32 tensors; the two agree to about
/// 1e-6 relative). <see cref="LatentDiffusionSchedule"/> covers only SD's <c>scaled_linear</c> for the file buffers; a
/// scheduler also accepts <c>linear</c> and <c>trained_betas</c>, hence this small separate computation.
/// </remarks>
internal static class TrainingSchedule
{
    /// <summary>The <c>alphas_cumprod</c> for <paramref name="config"/>, or <paramref name="given"/> checked against it.</summary>
    /// <exception cref="SchedulerConfigException">Unknown beta schedule, or <paramref name="given"/> has the wrong length or values outside (0, 1].</exception>
    public static double[] AlphasCumprod(SchedulerConfig config, IReadOnlyList<double>? given)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.NumTrainTimesteps < 2)
        {
            throw new SchedulerConfigException($"num_train_timesteps must be at least 2, not {config.NumTrainTimesteps}.");
        }

        if (given is not null)
        {
            if (given.Count != config.NumTrainTimesteps)
            {
                throw new SchedulerConfigException(
                    $"The given alphas_cumprod has {given.Count} values but num_train_timesteps is {config.NumTrainTimesteps}.");
            }

            if (given.Any(a => !(a > 0.0 && a <= 1.0)))
            {
                throw new SchedulerConfigException("The given alphas_cumprod has values outside (0, 1].");
            }

            return [.. given];
        }

        var betas = Betas(config);
        var cumprod = new double[betas.Length];
        var product = 1.0;
        for (var t = 0; t < betas.Length; t++)
        {
            product *= 1.0 - betas[t];
            cumprod[t] = product;
        }

        return cumprod;
    }

    private static double[] Betas(SchedulerConfig config)
    {
        var n = config.NumTrainTimesteps;
        if (config.TrainedBetas is { } trained)
        {
            return trained.Count == n
                ? [.. trained]
                : throw new SchedulerConfigException($"trained_betas has {trained.Count} values but num_train_timesteps is {n}.");
        }

        return config.BetaSchedule switch
        {
            "linear" => TorchLinspace(config.BetaStart, config.BetaEnd, n),
            "scaled_linear" => [.. TorchLinspace(Math.Sqrt(config.BetaStart), Math.Sqrt(config.BetaEnd), n).Select(root => root * root)],
            _ => throw new SchedulerConfigException(
                $"beta_schedule '{config.BetaSchedule}' is not supported; use 'scaled_linear' (Stable Diffusion) or 'linear'."),
        };
    }

    /// <summary>
    /// <c>torch.linspace(start, end, n)</c> as torch evaluates it (from the start for the first half, from the end for
    /// the second), so the betas agree with the reference bit for bit in float64.
    /// </summary>
    private static double[] TorchLinspace(double start, double end, int n)
    {
        var step = (end - start) / (n - 1);
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = i < n / 2 ? start + (i * step) : end - ((n - 1 - i) * step);
        }

        return values;
    }
}
