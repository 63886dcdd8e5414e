using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Sampling;

/// <summary>diffusers' <c>final_sigmas_type</c>: the noise level the last step lands on.</summary>
internal static class FinalSigmas
{
    /// <summary>True for <c>zero</c> (the default), false for <c>sigma_min</c> (σ at training timestep 0).</summary>
    /// <exception cref="SchedulerConfigException">Another value.</exception>
    public static bool IsZero(SchedulerConfig config) => config.FinalSigmasType switch
    {
        null or "zero" => true,
        "sigma_min" => false,
        _ => throw new SchedulerConfigException(
            $"final_sigmas_type '{config.FinalSigmasType}' is not supported; use 'zero' or 'sigma_min'."),
    };
}
