using System.Text.Json.Serialization;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// A diffusers noise-scheduler config (<c>scheduler/scheduler_config.json</c>). The training schedule fields
/// (<see cref="BetaStart"/>, <see cref="BetaEnd"/>, <see cref="BetaSchedule"/>, <see cref="NumTrainTimesteps"/>) also
/// determine the schedule buffers of LDM single files (<see cref="LatentDiffusionSchedule"/>). Fields that only some
/// scheduler classes have are null when absent and then not written.
/// </summary>
public sealed record SchedulerConfig
{
    /// <summary><c>_class_name</c>, e.g. <c>PNDMScheduler</c>, <c>DDIMScheduler</c>, <c>EulerDiscreteScheduler</c>.</summary>
    [JsonPropertyName("_class_name")]
    public string ClassName { get; init; } = "PNDMScheduler";

    /// <summary><c>_diffusers_version</c> of the writer (bookkeeping only).</summary>
    [JsonPropertyName("_diffusers_version")]
    public string DiffusersVersion { get; init; } = "0.6.0";

    /// <summary>
    /// <c>algorithm_type</c> (DPM-Solver schedulers): only <c>dpmsolver++</c> is implemented by
    /// <see cref="QuickFix.Sampling.DpmSolverMultistepScheduler"/>; null means that default.
    /// </summary>
    [JsonPropertyName("algorithm_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AlgorithmType { get; init; }

    /// <summary><c>beta_end</c>.</summary>
    [JsonPropertyName("beta_end")]
    public double BetaEnd { get; init; } = 0.012;

    /// <summary><c>beta_schedule</c>; only <c>scaled_linear</c> (LDM's "linear") is used by SD.</summary>
    [JsonPropertyName("beta_schedule")]
    public string BetaSchedule { get; init; } = "scaled_linear";

    /// <summary><c>beta_start</c>.</summary>
    [JsonPropertyName("beta_start")]
    public double BetaStart { get; init; } = 0.00085;

    /// <summary><c>clip_sample</c>.</summary>
    [JsonPropertyName("clip_sample")]
    public bool ClipSample { get; init; }

    /// <summary><c>clip_sample_range</c>: the bound of <see cref="ClipSample"/> (DDIM); null means diffusers' default 1.0.</summary>
    [JsonPropertyName("clip_sample_range")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ClipSampleRange { get; init; }

    /// <summary>
    /// <c>final_sigmas_type</c> (Euler and DPM-Solver schedulers): <c>zero</c> (diffusers' default, used when null) or
    /// <c>sigma_min</c>, the noise level after the last step.
    /// </summary>
    [JsonPropertyName("final_sigmas_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FinalSigmasType { get; init; }

    /// <summary><c>interpolation_type</c> (Euler schedulers).</summary>
    [JsonPropertyName("interpolation_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InterpolationType { get; init; }

    /// <summary>
    /// <c>lower_order_final</c> (DPM-Solver schedulers): use first order on the last step when fewer than 15 steps
    /// run; null means diffusers' default true.
    /// </summary>
    [JsonPropertyName("lower_order_final")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? LowerOrderFinal { get; init; }

    /// <summary><c>num_train_timesteps</c>.</summary>
    [JsonPropertyName("num_train_timesteps")]
    public int NumTrainTimesteps { get; init; } = 1000;

    /// <summary><c>prediction_type</c>: <c>epsilon</c> or <c>v_prediction</c> (SD 2.1 768).</summary>
    [JsonPropertyName("prediction_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PredictionType { get; init; }

    /// <summary><c>sample_max_value</c>.</summary>
    [JsonPropertyName("sample_max_value")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? SampleMaxValue { get; init; }

    /// <summary><c>set_alpha_to_one</c>.</summary>
    [JsonPropertyName("set_alpha_to_one")]
    public bool SetAlphaToOne { get; init; }

    /// <summary><c>skip_prk_steps</c>.</summary>
    [JsonPropertyName("skip_prk_steps")]
    public bool SkipPrkSteps { get; init; } = true;

    /// <summary><c>solver_order</c> (DPM-Solver schedulers); null means diffusers' default 2.</summary>
    [JsonPropertyName("solver_order")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? SolverOrder { get; init; }

    /// <summary><c>solver_type</c> (DPM-Solver schedulers): <c>midpoint</c> (default when null) or <c>heun</c>.</summary>
    [JsonPropertyName("solver_type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SolverType { get; init; }

    /// <summary><c>steps_offset</c>.</summary>
    [JsonPropertyName("steps_offset")]
    public int StepsOffset { get; init; } = 1;

    /// <summary><c>timestep_spacing</c>.</summary>
    [JsonPropertyName("timestep_spacing")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TimestepSpacing { get; init; }

    /// <summary><c>trained_betas</c>: always written, null for every released SD scheduler.</summary>
    [JsonPropertyName("trained_betas")]
    public IReadOnlyList<double>? TrainedBetas { get; init; }

    /// <summary><c>use_karras_sigmas</c>.</summary>
    [JsonPropertyName("use_karras_sigmas")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? UseKarrasSigmas { get; init; }
}
