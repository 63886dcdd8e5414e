using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Sampling;

/// <summary>Builds a scheduler by kind or by its CLI name (<c>ddim</c>, <c>euler</c>, <c>dpmpp-2m</c>) from a checkpoint's scheduler config.</summary>
/// <remarks>
/// As diffusers' <c>SchedulerClass.from_config(pipe.scheduler.config)</c>: the training schedule and shared fields
/// (<c>steps_offset</c>, <c>prediction_type</c>, <c>timestep_spacing</c>, …) come from the config whatever class wrote it
/// (SD 1.x ships a PNDM config), and fields it lacks take the chosen class's defaults.
/// </remarks>
public static class Schedulers
{
    /// <summary>The CLI names, in <see cref="SchedulerKind"/> order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["ddim", "euler", "dpmpp-2m"];

    /// <summary>Creates the scheduler of <paramref name="kind"/>.</summary>
    /// <param name="kind">Which scheduler.</param>
    /// <param name="config">The checkpoint's scheduler config.</param>
    /// <param name="alphasCumprod">The training schedule to use instead of the config's betas (e.g. an LDM file's buffer).</param>
    /// <exception cref="SchedulerConfigException">The config asks for something the scheduler does not implement.</exception>
    /// <remarks><see cref="SchedulerKind.DpmSolverMultistep"/> is always DPM-Solver++ of order 2, whatever the config says.</remarks>
    public static IScheduler Create(SchedulerKind kind, SchedulerConfig config, IReadOnlyList<double>? alphasCumprod = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        return kind switch
        {
            SchedulerKind.Ddim => new DdimScheduler(config, alphasCumprod),
            SchedulerKind.EulerDiscrete => new EulerDiscreteScheduler(config, alphasCumprod),
            SchedulerKind.DpmSolverMultistep => new DpmSolverMultistepScheduler(
                config with { AlgorithmType = "dpmsolver++", SolverOrder = 2 }, alphasCumprod),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scheduler kind."),
        };
    }

    /// <summary>Creates the scheduler named <paramref name="name"/> (one of <see cref="Names"/>, case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    /// <exception cref="SchedulerConfigException">The config asks for something the scheduler does not implement.</exception>
    public static IScheduler Create(string name, SchedulerConfig config, IReadOnlyList<double>? alphasCumprod = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Create(ParseKind(name), config, alphasCumprod);
    }

    /// <summary>The kind a CLI name stands for.</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static SchedulerKind ParseKind(string name) =>
        TryParseKind(name, out var kind)
            ? kind
            : throw new ArgumentException($"Unknown scheduler '{name}'; use one of: {string.Join(", ", Names)}.", nameof(name));

    /// <summary>The kind a CLI name stands for, if it is one of <see cref="Names"/> (case-insensitive).</summary>
    public static bool TryParseKind(string? name, out SchedulerKind kind)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                kind = (SchedulerKind)i;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <summary>The CLI name of <paramref name="kind"/>.</summary>
    public static string NameOf(SchedulerKind kind) =>
        kind is >= SchedulerKind.Ddim and <= SchedulerKind.DpmSolverMultistep
            ? Names[(int)kind]
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown scheduler kind.");
}
