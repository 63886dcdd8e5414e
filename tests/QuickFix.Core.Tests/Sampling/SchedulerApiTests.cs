using QuickFix.Checkpoints.Layouts;
using QuickFix.Runtime;
using QuickFix.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Tests.Sampling;

/// <summary>The diffusers-style contract: factory, config round trip, errors, hand-computed v-prediction steps, η.</summary>
public sealed class SchedulerApiTests
{
    // A 4-timestep schedule with round square roots: ᾱ_2 = 0.36 (σ = 4/3), ᾱ_0 = 0.64 (σ = 3/4); leading, no offset,
    // 2 steps: timesteps [2, 0].
    private static readonly double[] TinyAlphas = [0.64, 0.5, 0.36, 0.25];

    private static readonly SchedulerConfig TinyVPrediction = new()
    {
        NumTrainTimesteps = 4,
        StepsOffset = 0,
        TimestepSpacing = "leading",
        PredictionType = "v_prediction",
    };

    public SchedulerApiTests() => TorchRuntime.EnsureLoaded();

    public static TheoryData<SchedulerKind> Kinds() => [SchedulerKind.Ddim, SchedulerKind.EulerDiscrete, SchedulerKind.DpmSolverMultistep];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Step_before_SetTimesteps_names_the_missing_call(SchedulerKind kind)
    {
        using var scheduler = Schedulers.Create(kind, new SchedulerConfig());
        using var sample = torch.zeros(1, 4, 2, 2);

        var error = Assert.Throws<InvalidOperationException>(() => scheduler.Step(sample, 1, sample));
        Assert.Contains("SetTimesteps", error.Message, StringComparison.Ordinal);
        Assert.Empty(scheduler.Timesteps);
    }

    [Theory]
    [InlineData("ddim", typeof(DdimScheduler), "DDIMScheduler")]
    [InlineData("euler", typeof(EulerDiscreteScheduler), "EulerDiscreteScheduler")]
    [InlineData("DPMPP-2M", typeof(DpmSolverMultistepScheduler), "DPMSolverMultistepScheduler")]
    public void The_factory_builds_by_CLI_name(string name, Type type, string className)
    {
        using var scheduler = Schedulers.Create(name, new SchedulerConfig());

        Assert.IsType(type, scheduler);
        Assert.Equal(className, scheduler.Config.ClassName);
        Assert.Equal(name.ToLowerInvariant(), Schedulers.NameOf(Schedulers.ParseKind(name)));
        Assert.Throws<ArgumentException>(() => Schedulers.Create("pndm", new SchedulerConfig()));
    }

    [Fact]
    public void Dpmpp_2m_is_second_order_dpmsolver_plus_plus_whatever_the_config_says()
    {
        using var scheduler = Schedulers.Create(SchedulerKind.DpmSolverMultistep, new SchedulerConfig { SolverOrder = 3, AlgorithmType = "dpmsolver" });

        Assert.Equal(2, scheduler.Config.SolverOrder);
        Assert.Equal("dpmsolver++", scheduler.Config.AlgorithmType);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Config_round_trips_through_scheduler_config_json_and_gives_the_same_schedule(SchedulerKind kind)
    {
        var config = new SchedulerConfig { TimestepSpacing = "trailing", PredictionType = "v_prediction", FinalSigmasType = "zero" };
        using var scheduler = Schedulers.Create(kind, config);
        var json = DiffusersConfigJson.Serialize(scheduler.Config);
        var read = DiffusersConfigJson.Deserialize<SchedulerConfig>(json);
        using var again = Schedulers.Create(kind, read);
        scheduler.SetTimesteps(25);
        again.SetTimesteps(25);

        Assert.Equal(scheduler.Config, read);
        Assert.Equal(json, DiffusersConfigJson.Serialize(again.Config));
        Assert.Equal(scheduler.Timesteps, again.Timesteps);
        Assert.Equal(scheduler.InitNoiseSigma, again.InitNoiseSigma);
        Assert.Contains("\"timestep_spacing\": \"trailing\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void New_optional_fields_are_not_written_when_absent()
    {
        var json = DiffusersConfigJson.Serialize(new SchedulerConfig());

        foreach (var key in new[] { "algorithm_type", "clip_sample_range", "final_sigmas_type", "lower_order_final", "solver_order", "solver_type" })
        {
            Assert.DoesNotContain($"\"{key}\"", json, StringComparison.Ordinal);
        }

        var read = DiffusersConfigJson.Deserialize<SchedulerConfig>(
            """{"solver_order": 2, "algorithm_type": "dpmsolver++", "lower_order_final": true, "solver_type": "midpoint", "final_sigmas_type": "sigma_min", "clip_sample_range": 1.5}""");
        Assert.Equal((2, "dpmsolver++", true, "midpoint", "sigma_min", 1.5), (read.SolverOrder, read.AlgorithmType, read.LowerOrderFinal, read.SolverType, read.FinalSigmasType, read.ClipSampleRange));
    }

    [Fact]
    public void Ddim_v_prediction_step_on_a_hand_computed_case()
    {
        using var ddim = new DdimScheduler(TinyVPrediction, TinyAlphas);
        ddim.SetTimesteps(2);
        using var x = torch.tensor(new[] { 1.0f, -2.0f });
        using var v = torch.tensor(new[] { 0.5f, 0.25f });

        var step = ddim.Step(v, 2, x);

        // x̂_0 = 0.6 x − 0.8 v = [0.2, −1.4]; ε = 0.6 v + 0.8 x = [1.1, −1.45]; x' = 0.8 x̂_0 + 0.6 ε = [0.82, −1.99].
        Assert.Equal([2.0, 0], ddim.Timesteps);
        SamplingAssert.CloseTensor([0.2, -1.4], step.PredOriginalSample!, 1e-6);
        SamplingAssert.CloseTensor([0.82, -1.99], step.PrevSample, 1e-6);
    }

    [Fact]
    public void Euler_v_prediction_step_on_a_hand_computed_case()
    {
        using var euler = new EulerDiscreteScheduler(TinyVPrediction, TinyAlphas);
        euler.SetTimesteps(2);
        using var x = torch.tensor(new[] { 1.0f });
        using var v = torch.tensor(new[] { 0.5f });

        // σ = 4/3, σ_next = 3/4: x̂_0 = −0.8 v + 0.36 x = −0.04; x' = x + (x − x̂_0)/σ (σ_next − σ) = 1 − 0.78 · 7/12 = 0.545.
        SamplingAssert.Close([4.0 / 3, 0.75, 0], euler.Sigmas, 1e-12);
        Assert.Equal(5.0 / 3, euler.InitNoiseSigma, 12); // leading: sqrt(σ_max² + 1)
        SamplingAssert.CloseTensor([0.6], euler.ScaleModelInput(x, 2), 1e-6);
        var step = euler.Step(v, 2, x);
        SamplingAssert.CloseTensor([-0.04], step.PredOriginalSample!, 1e-5);
        SamplingAssert.CloseTensor([0.545], step.PrevSample, 1e-6);
    }

    [Fact]
    public void Dpm_solver_first_step_equals_ddim_on_the_hand_computed_v_prediction_case()
    {
        using var dpm = new DpmSolverMultistepScheduler(TinyVPrediction, TinyAlphas);
        dpm.SetTimesteps(1);
        using var x = torch.tensor(new[] { 1.0f });
        using var v = torch.tensor(new[] { 0.5f });

        // 1 step of n + 1 = 2 leading points (4 // 2 = 2): timestep 2, then σ = 0.
        Assert.Equal([2.0], dpm.Timesteps);
        var step = dpm.Step(v, 2, x);
        SamplingAssert.CloseTensor([0.2], step.PredOriginalSample!, 1e-6);
        SamplingAssert.CloseTensor([0.2], step.PrevSample, 1e-6); // final σ 0: the last step returns x̂_0
    }

    [Fact]
    public void Dpm_solver_first_order_update_is_the_ddim_step()
    {
        using var dpm = new DpmSolverMultistepScheduler(TinyVPrediction with { FinalSigmasType = "sigma_min" }, TinyAlphas);
        using var ddim = new DdimScheduler(TinyVPrediction, TinyAlphas);
        dpm.SetTimesteps(1);
        ddim.SetTimesteps(2);
        using var x = torch.tensor(new[] { 1.0f, -2.0f });
        using var v = torch.tensor(new[] { 0.5f, 0.25f });

        // σ_min = σ(ᾱ_0 = 0.64): the step goes from ᾱ 0.36 to 0.64 like DDIM's first step: [0.82, −1.99].
        SamplingAssert.CloseTensor([0.82, -1.99], dpm.Step(v, 2, x).PrevSample, 1e-6);
        SamplingAssert.CloseTensor([0.82, -1.99], ddim.Step(v, 2, x).PrevSample, 1e-6);
    }

    [Fact]
    public void Ddim_eta_needs_one_explicit_noise_source_and_adds_sigma_times_it()
    {
        using var ddim = new DdimScheduler(TinyVPrediction, TinyAlphas);
        ddim.SetTimesteps(2);
        using var x = torch.tensor(new[] { 1.0f });
        using var v = torch.tensor(new[] { 0.5f });
        using var noise = torch.tensor(new[] { 2.0f });

        Assert.Throws<ArgumentException>(() => ddim.Step(v, 2, x, eta: 0.5));
        var step = ddim.Step(v, 2, x, eta: 0.5, varianceNoise: noise);

        // variance = (1 − 0.64)/(1 − 0.36) (1 − 0.36/0.64) = 0.24609375, σ = 0.5 sqrt(variance);
        // x' = 0.8 x̂_0 + sqrt(1 − 0.64 − σ²) ε + σ z with x̂_0 = 0.2, ε = 1.1, z = 2.
        var sigma = 0.5 * Math.Sqrt(0.24609375);
        SamplingAssert.CloseTensor([(0.8 * 0.2) + (Math.Sqrt(0.36 - (sigma * sigma)) * 1.1) + (sigma * 2)], step.PrevSample, 1e-6);

        var fromGenerator = ddim.Step(v, 2, x, eta: 0.5, generator: new Generator(7));
        var again = ddim.Step(v, 2, x, eta: 0.5, generator: new Generator(7));
        Assert.Equal(SamplingAssert.Values(fromGenerator.PrevSample), SamplingAssert.Values(again.PrevSample));
    }

    [Fact]
    public void Stepping_out_of_order_or_past_the_end_is_an_error()
    {
        using var euler = new EulerDiscreteScheduler(TinyVPrediction, TinyAlphas);
        euler.SetTimesteps(2);
        using var x = torch.tensor(new[] { 1.0f });

        Assert.Throws<ArgumentException>(() => euler.Step(x, 1, x)); // not a timestep of the run
        euler.Step(x, 2, x);
        Assert.Throws<ArgumentException>(() => euler.Step(x, 2, x)); // step 1 expects timestep 0
        euler.Step(x, 0, x);
        Assert.Throws<InvalidOperationException>(() => euler.Step(x, 0, x));
        Assert.Throws<ArgumentException>(() => euler.Step(x, 2, torch.zeros(2)));
    }

    [Fact]
    public void Ddim_rejects_fractional_timesteps()
    {
        using var ddim = new DdimScheduler(new SchedulerConfig());
        ddim.SetTimesteps(10);
        using var x = torch.zeros(3);

        Assert.Throws<ArgumentException>(() => ddim.Step(x, 900.5, x));
        Assert.Throws<ArgumentOutOfRangeException>(() => ddim.SetTimesteps(1001));
        Assert.Throws<ArgumentOutOfRangeException>(() => ddim.SetTimesteps(0));
    }

    [Theory]
    [InlineData("ddim", "beta_schedule")]
    [InlineData("ddim", "prediction_type")]
    [InlineData("ddim", "timestep_spacing")]
    [InlineData("euler", "use_karras_sigmas")]
    [InlineData("euler", "interpolation_type")]
    [InlineData("dpmpp-2m", "solver_type")]
    [InlineData("dpmpp-2m", "final_sigmas_type")]
    public void Unsupported_config_values_are_reported_with_their_field(string name, string field)
    {
        var config = field switch
        {
            "beta_schedule" => new SchedulerConfig { BetaSchedule = "squaredcos_cap_v2" },
            "prediction_type" => new SchedulerConfig { PredictionType = "flow" },
            "timestep_spacing" => new SchedulerConfig { TimestepSpacing = "karras" },
            "use_karras_sigmas" => new SchedulerConfig { UseKarrasSigmas = true },
            "interpolation_type" => new SchedulerConfig { InterpolationType = "log_linear" },
            "solver_type" => new SchedulerConfig { SolverType = "logrho" },
            _ => new SchedulerConfig { FinalSigmasType = "none" },
        };

        var error = Assert.Throws<SchedulerConfigException>(() => Schedulers.Create(name, config));
        Assert.Equal("QF1101", error.Code);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alphas_cumprod_override_must_have_one_value_per_training_timestep()
    {
        var error = Assert.Throws<SchedulerConfigException>(() => new DdimScheduler(new SchedulerConfig(), [0.5, 0.4]));

        Assert.Contains("num_train_timesteps", error.Message, StringComparison.Ordinal);
        Assert.Throws<SchedulerConfigException>(() => new DdimScheduler(TinyVPrediction, [0.64, 0.5, 0.0, 0.25]));
    }

    [Fact]
    public void Linear_betas_give_the_linear_schedule()
    {
        using var ddim = new DdimScheduler(new SchedulerConfig { BetaSchedule = "linear", BetaStart = 0.0001, BetaEnd = 0.02 });

        Assert.Equal(1 - 0.0001, ddim.AlphasCumprod[0], 15);
        Assert.Equal((1 - 0.0001) * (1 - (0.0001 + (0.0199 / 999))), ddim.AlphasCumprod[1], 15);
    }

    [Fact]
    public void Non_epsilon_model_inputs_are_new_handles_the_caller_may_dispose()
    {
        using var ddim = new DdimScheduler(new SchedulerConfig());
        using var x = torch.ones(2);
        ddim.SetTimesteps(10);

        ddim.ScaleModelInput(x, 901).Dispose();

        Assert.Equal([1.0, 1.0], SamplingAssert.Values(x));
    }
}
