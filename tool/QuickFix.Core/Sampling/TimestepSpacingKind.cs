namespace QuickFix.Sampling;

/// <summary>diffusers' <c>timestep_spacing</c> (Lin et al. 2023, "Common Diffusion Noise Schedules and Sample Steps are Flawed", table 2).</summary>
internal enum TimestepSpacingKind
{
    /// <summary><c>leading</c>: <c>0, r, 2r, …</c> with <c>r = T // n</c>, plus <c>steps_offset</c> (CompVis DDIM's "uniform").</summary>
    Leading,

    /// <summary><c>trailing</c>: <c>round(T − i·T/n) − 1</c>, always starting at <c>T − 1</c>.</summary>
    Trailing,

    /// <summary><c>linspace</c>: <c>n</c> evenly spaced points in <c>[0, T − 1]</c>.</summary>
    Linspace,
}
