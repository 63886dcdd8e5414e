using System.Globalization;

namespace QuickFix.Sampling;

/// <summary>
/// The position in the run of schedulers that index their sigmas by step rather than by timestep (diffusers'
/// <c>_step_index</c>): found from the timestep on the first call, then advanced by one per step. Unlike diffusers,
/// a timestep that is not the one the position expects is an error rather than silently ignored.
/// </summary>
internal sealed class StepCursor
{
    private int? index;

    /// <summary>Forgets the position (a new run).</summary>
    public void Reset() => index = null;

    /// <summary>The step index of <paramref name="timestep"/> in <paramref name="timesteps"/>.</summary>
    /// <exception cref="InvalidOperationException">No timesteps are set, or every step has run.</exception>
    /// <exception cref="ArgumentException">The timestep is not in the run, or not the one this step expects.</exception>
    public int Locate(IReadOnlyList<double> timesteps, double timestep)
    {
        if (timesteps.Count == 0)
        {
            throw new InvalidOperationException("SetTimesteps must be called before ScaleModelInput or Step.");
        }

        if (index is not { } current)
        {
            // diffusers' index_for_timestep: where a timestep repeats, the first step of a run starts at its second
            // occurrence, so that starting mid-schedule (image-to-image) does not skip a sigma.
            var matches = Enumerable.Range(0, timesteps.Count).Where(i => timesteps[i] == timestep).Take(2).ToList();
            if (matches.Count == 0)
            {
                throw new ArgumentException(
                    $"Timestep {Format(timestep)} is not one of the {timesteps.Count} timesteps of this run.", nameof(timestep));
            }

            index = matches[^1];
            return index.Value;
        }

        if (current >= timesteps.Count)
        {
            throw new InvalidOperationException(
                $"All {timesteps.Count} steps have run; call SetTimesteps to start a new run.");
        }

        if (timesteps[current] != timestep)
        {
            throw new ArgumentException(
                $"Step {current} expects timestep {Format(timesteps[current])}, not {Format(timestep)}.", nameof(timestep));
        }

        return current;
    }

    /// <summary>Moves to the next step (after a successful <c>Step</c>).</summary>
    public void Advance() => index = index is { } current ? current + 1 : throw new InvalidOperationException("No step is located.");

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
