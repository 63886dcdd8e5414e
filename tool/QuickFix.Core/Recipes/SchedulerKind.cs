namespace QuickFix.Recipes;

/// <summary>The sampler used to regenerate images (<c>images.scheduler</c>; spelled <c>ddim</c>, <c>euler</c>, <c>dpmpp-2m</c>).</summary>
public enum SchedulerKind
{
    /// <summary><c>ddim</c>: DDIM, deterministic (η = 0).</summary>
    Ddim,

    /// <summary><c>euler</c>: Euler discrete.</summary>
    Euler,

    /// <summary><c>dpmpp-2m</c>: DPM-Solver++ (2M).</summary>
    DpmPlusPlus2M,
}
