using QuickFix.Sampling;

namespace QuickFix.Evaluation;

/// <summary>How <see cref="DemoEvaluation"/> samples.</summary>
/// <param name="PromptsPerProbe">Images per concept (per model).</param>
/// <param name="Seed">Image <c>i</c> of every probe starts from seed <c>Seed + i</c>, in the base and the edited model alike.</param>
/// <param name="Steps">Sampling steps.</param>
/// <param name="Guidance">Classifier-free guidance scale.</param>
/// <param name="Scheduler">The sampler.</param>
public sealed record EvaluationOptions(
    int PromptsPerProbe = 32,
    ulong Seed = 1,
    int Steps = 20,
    double Guidance = 7.5,
    SchedulerKind Scheduler = SchedulerKind.Ddim);
