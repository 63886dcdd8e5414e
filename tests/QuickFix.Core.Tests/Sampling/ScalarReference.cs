namespace QuickFix.Tests.Sampling;

/// <summary>
/// Independent float64 statements of the three samplers, element by element, written from the papers' formulas (not
/// from the engine's code): the oracle of the dummy-model tests, as diffusers' own scheduler tests use a dummy model.
/// </summary>
internal static class ScalarReference
{
    /// <summary>diffusers' scheduler-test dummy model: <c>sample · t / (t + 1)</c>.</summary>
    public static double DummyModel(double sample, double timestep) => sample * timestep / (timestep + 1.0);

    /// <summary>SD's scaled-linear ᾱ: β_i = (√0.00085 + i (√0.012 − √0.00085)/999)², ᾱ_t = Π (1 − β_i).</summary>
    public static double[] StableDiffusionAlphasCumprod(int count = 1000, double betaStart = 0.00085, double betaEnd = 0.012)
    {
        var low = Math.Sqrt(betaStart);
        var high = Math.Sqrt(betaEnd);
        var alphas = new double[count];
        var product = 1.0;
        for (var i = 0; i < count; i++)
        {
            var root = low + (i * (high - low) / (count - 1));
            product *= 1.0 - (root * root);
            alphas[i] = product;
        }

        return alphas;
    }

    /// <summary>σ_t = sqrt((1 − ᾱ_t)/ᾱ_t), linearly interpolated between whole timesteps.</summary>
    public static double Sigma(double[] alphasCumprod, double timestep)
    {
        double At(int t) => Math.Sqrt((1 - alphasCumprod[t]) / alphasCumprod[t]);
        var low = (int)Math.Floor(timestep);
        return low == timestep || low == alphasCumprod.Length - 1 ? At(low) : At(low) + ((timestep - low) * (At(low + 1) - At(low)));
    }

    /// <summary>DDIM (η = 0) with the given timesteps; ᾱ_prev of the last step is <paramref name="finalAlpha"/>.</summary>
    public static double[] Ddim(double[] x, double[] alphasCumprod, int[] timesteps, double finalAlpha, bool vPrediction)
    {
        x = [.. x];
        for (var i = 0; i < timesteps.Length; i++)
        {
            var a = alphasCumprod[timesteps[i]];
            var aPrev = i + 1 < timesteps.Length ? alphasCumprod[timesteps[i + 1]] : finalAlpha;
            for (var k = 0; k < x.Length; k++)
            {
                var output = DummyModel(x[k], timesteps[i]);
                var x0 = vPrediction ? (Math.Sqrt(a) * x[k]) - (Math.Sqrt(1 - a) * output) : (x[k] - (Math.Sqrt(1 - a) * output)) / Math.Sqrt(a);
                var eps = (x[k] - (Math.Sqrt(a) * x0)) / Math.Sqrt(1 - a); // ε implied by x̂_0 (the same for both parameterizations)
                x[k] = (Math.Sqrt(aPrev) * x0) + (Math.Sqrt(1 - aPrev) * eps);
            }
        }

        return x;
    }

    /// <summary>Euler in σ; the model sees x / sqrt(σ² + 1); the last σ is 0. <paramref name="x"/> is already scaled by the initial σ.</summary>
    public static double[] Euler(double[] x, double[] alphasCumprod, double[] timesteps, bool vPrediction)
    {
        x = [.. x];
        for (var i = 0; i < timesteps.Length; i++)
        {
            var sigma = Sigma(alphasCumprod, timesteps[i]);
            var next = i + 1 < timesteps.Length ? Sigma(alphasCumprod, timesteps[i + 1]) : 0.0;
            var c = Math.Sqrt((sigma * sigma) + 1);
            for (var k = 0; k < x.Length; k++)
            {
                var output = DummyModel(x[k] / c, timesteps[i]);

                // Denoiser D(x; σ) of Karras et al. (2022), table 1: ε-prediction D = x − σ F; v-prediction
                // D = x/(σ²+1) − σ/sqrt(σ²+1) F.
                var denoised = vPrediction ? (x[k] / (c * c)) - (sigma / c * output) : x[k] - (sigma * output);
                x[k] += (x[k] - denoised) / sigma * (next - sigma);
            }
        }

        return x;
    }

    /// <summary>
    /// DPM-Solver++(2M), Lu et al. (2022) algorithm 2 in its published form: x_i = (s_i/s_{i−1}) x − α_i (e^{−h_i} − 1) D_i
    /// with D_i = (1 + 1/(2 r_i)) x̂_0(i−1) − 1/(2 r_i) x̂_0(i−2); first order on the first step and, when
    /// <paramref name="lastFirstOrder"/>, the last. The run ends on ᾱ = <paramref name="finalAlpha"/> (1: σ = 0).
    /// </summary>
    public static double[] DpmSolverPlusPlus2M(
        double[] x, double[] alphasCumprod, int[] timesteps, bool vPrediction, double finalAlpha = 1.0, bool lastFirstOrder = true)
    {
        x = [.. x];
        double[]? previousX0 = null;
        double previousLambda = 0;
        for (var i = 0; i < timesteps.Length; i++)
        {
            var a = alphasCumprod[timesteps[i]];
            var (alpha, scale) = (Math.Sqrt(a), Math.Sqrt(1 - a));
            var last = i == timesteps.Length - 1;
            var aNext = last ? finalAlpha : alphasCumprod[timesteps[i + 1]];
            var (alphaNext, scaleNext) = (Math.Sqrt(aNext), Math.Sqrt(1 - aNext));
            var lambda = Math.Log(alpha / scale);
            var h = Math.Log(alphaNext / scaleNext) - lambda;
            var x0 = new double[x.Length];
            for (var k = 0; k < x.Length; k++)
            {
                var output = DummyModel(x[k], timesteps[i]);
                x0[k] = vPrediction ? (alpha * x[k]) - (scale * output) : (x[k] - (scale * output)) / alpha;
                double d;
                if (previousX0 is null || (last && lastFirstOrder))
                {
                    d = x0[k];
                }
                else
                {
                    var r = (lambda - previousLambda) / h;
                    d = ((1 + (1 / (2 * r))) * x0[k]) - (1 / (2 * r) * previousX0[k]);
                }

                x[k] = aNext == 1.0 ? d : (scaleNext / scale * x[k]) - (alphaNext * (Math.Exp(-h) - 1) * d);
            }

            previousX0 = x0;
            previousLambda = lambda;
        }

        return x;
    }
}
