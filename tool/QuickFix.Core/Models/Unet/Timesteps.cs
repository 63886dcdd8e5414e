using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Models.Unet;

/// <summary>
/// diffusers' <c>Timesteps</c> (<c>time_proj</c>, <c>add_time_proj</c>): the sinusoidal embedding of
/// <c>get_timestep_embedding</c>, <c>[sin(t f), cos(t f)]</c> with <c>f_k = exp(-ln(10000) k / (half - freq_shift))</c>,
/// halves swapped to <c>[cos, sin]</c> when <c>flip_sin_to_cos</c> (SD's setting, equal to CompVis
/// <c>timestep_embedding</c>). No parameters.
/// </summary>
public sealed class Timesteps : nn.Module<Tensor, Tensor>
{
    private const double MaxPeriod = 10000;
    private readonly long channels;
    private readonly bool flipSinToCos;
    private readonly double freqShift;

    public Timesteps(long channels, bool flipSinToCos, double freqShift) : base(nameof(Timesteps))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        this.channels = channels;
        this.flipSinToCos = flipSinToCos;
        this.freqShift = freqShift;
        RegisterComponents();
    }

    /// <summary>Embeds <paramref name="input"/> (<c>[N]</c>, integer or float timesteps): <c>[N, channels]</c> float32.</summary>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        using var scope = torch.NewDisposeScope();
        var half = channels / 2;

        // Same float32 operation order as diffusers and CompVis: exp(-ln(P) * k / half), then t * f.
        var exponent = torch.arange(0, half, dtype: ScalarType.Float32, device: input.device) * -Math.Log(MaxPeriod);
        var frequencies = (exponent / (half - freqShift)).exp();
        var arguments = input.to_type(ScalarType.Float32).unsqueeze(1) * frequencies.unsqueeze(0);
        var embedding = flipSinToCos
            ? torch.cat([arguments.cos(), arguments.sin()], 1)
            : torch.cat([arguments.sin(), arguments.cos()], 1);
        if (channels % 2 == 1)
        {
            embedding = nn.functional.pad(embedding, [0, 1]);
        }

        return embedding.MoveToOuterDisposeScope();
    }
}
