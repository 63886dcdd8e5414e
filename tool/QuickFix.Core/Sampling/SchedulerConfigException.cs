namespace QuickFix.Sampling;

/// <summary>
/// A <c>scheduler_config.json</c> (or a schedule given in its place) asks for something the schedulers do not
/// implement or is inconsistent: an unknown beta schedule, prediction type, timestep spacing or solver setting, or an
/// <c>alphas_cumprod</c> of the wrong length. Code <c>QF1101</c>.
/// </summary>
public sealed class SchedulerConfigException : QuickFixException
{
    /// <summary>The stable error code.</summary>
    public const string ErrorCode = "QF1101";

    /// <summary>Creates the error; <paramref name="filePath"/> is the config file when the config came from one.</summary>
    public SchedulerConfigException(string message, string? filePath = null)
        : base(ErrorCode, message, filePath)
    {
    }
}
