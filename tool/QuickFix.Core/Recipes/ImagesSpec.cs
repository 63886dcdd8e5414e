using QuickFix.Sampling;
namespace QuickFix.Recipes;

/// <summary>Images regenerated with the edited model and snapshot-tested (<c>images</c>).</summary>
/// <param name="Prompts">Prompts, not blank, no duplicates; at least one.</param>
/// <param name="Seeds">Seeds, 0 or more, no duplicates; at least one. One image per prompt and seed.</param>
/// <param name="Steps">Sampling steps, 1 to 1000. Default 25.</param>
/// <param name="Guidance">Classifier-free guidance scale, finite and 0 or more. Default 7.5.</param>
/// <param name="Scheduler">Default <see cref="SchedulerKind.Ddim"/>.</param>
/// <param name="Size">Default 512x512.</param>
/// <param name="Snapshots">The folder holding the <c>*.verified.png</c> files.</param>
public sealed record ImagesSpec(
    ValueList<string> Prompts,
    ValueList<long> Seeds,
    int Steps,
    double Guidance,
    SchedulerKind Scheduler,
    ImageSize Size,
    RecipePath Snapshots)
{
    /// <summary>Default of <c>images.steps</c>.</summary>
    public const int DefaultSteps = 25;

    /// <summary>Default of <c>images.guidance</c>.</summary>
    public const double DefaultGuidance = 7.5;

    /// <summary>Default of <c>images.scheduler</c>.</summary>
    public const SchedulerKind DefaultScheduler = SchedulerKind.Ddim;
}
