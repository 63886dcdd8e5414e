namespace QuickFix.Sampling;

/// <summary>The schedulers <see cref="Schedulers.Create(SchedulerKind, Checkpoints.Layouts.SchedulerConfig, IReadOnlyList{double}?)"/> builds.</summary>
public enum SchedulerKind
{
    /// <summary><see cref="DdimScheduler"/> (CLI name <c>ddim</c>).</summary>
    Ddim,

    /// <summary><see cref="EulerDiscreteScheduler"/> (CLI name <c>euler</c>).</summary>
    EulerDiscrete,

    /// <summary><see cref="DpmSolverMultistepScheduler"/>, DPM-Solver++ 2M (CLI name <c>dpmpp-2m</c>).</summary>
    DpmSolverMultistep,
}
