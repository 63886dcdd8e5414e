using static TorchSharp.torch;

namespace QuickFix.Sampling;

/// <summary>
/// The result of one scheduler step (diffusers <c>SchedulerOutput</c> / <c>DDIMSchedulerOutput</c>). The tensors are
/// new float32 tensors owned by the caller (they join the caller's dispose scope, if any).
/// </summary>
/// <param name="PrevSample">The sample at the next (less noisy) timestep, <c>x_{t-1}</c>.</param>
/// <param name="PredOriginalSample">
/// The model's estimate of the denoised sample <c>x_0</c> at this step, when the scheduler computes one (all three do).
/// </param>
public sealed record SchedulerStepOutput(Tensor PrevSample, Tensor? PredOriginalSample);
