using QuickFix.Models.Clip;
using QuickFix.Text;
using TorchSharp;

namespace QuickFix.Tracing;

/// <summary>
/// σ, the scale of the noise: the standard deviation of the embedding outputs (token + position) over the subject
/// tokens of a fixed list of subjects, each encoded alone (<c>[BOS] subject [EOS]</c>, BOS and EOS left out). This is
/// ROME's and EMCID's <c>collect_embedding_std</c> over subject strings (algorithm.md §2.2) with a built-in list, so
/// σ is a property of the model: the same for every prompt and subject traced with it.
/// </summary>
public static class EmbeddingScale
{
    /// <summary>
    /// The reference subjects: the kinds of subject DIFF-QUICKFIX edits (artists, characters, people, objects, places).
    /// </summary>
    public static IReadOnlyList<string> ReferenceSubjects { get; } = Array.AsReadOnly<string>(
    [
        "Van Gogh", "Claude Monet", "Pablo Picasso", "Salvador Dali", "Rembrandt", "Greg Rutkowski", "Leonardo da Vinci",
        "Frida Kahlo", "Snoopy", "Mickey Mouse", "Pikachu", "R2D2", "Grumpy Cat", "Nemo", "Joe Biden", "Barack Obama",
        "Donald Trump", "The President of the United States", "The Eiffel Tower", "a dog", "a cat", "a car", "an apple",
        "a house",
    ]);

    /// <summary>The sample standard deviation (n − 1, as <c>torch.std</c>) of every element of the subjects' embedding outputs, summed in float64 in a fixed order.</summary>
    internal static double Estimate(ClipTextModel model, ClipTokenizer tokenizer)
    {
        using var scope = torch.NewDisposeScope();
        var padded = ReferenceSubjects.Select(s => tokenizer.EncodePadded(s).Select(id => (long)id).ToArray()).ToArray();
        var embedded = model.Embed(torch.tensor(padded.SelectMany(row => row).ToArray(), [padded.Length, ClipTokenizer.ContextLength]))
            .to(torch.ScalarType.Float64).contiguous();
        var width = (int)embedded.shape[^1];
        var values = embedded.data<double>().ToArray();
        double sum = 0, sumOfSquares = 0;
        long count = 0;
        for (var s = 0; s < padded.Length; s++)
        {
            var tokens = tokenizer.Encode(ReferenceSubjects[s]).Count - 2;
            var row = values.AsSpan(s * ClipTokenizer.ContextLength * width, ClipTokenizer.ContextLength * width);
            foreach (var value in row.Slice(width, tokens * width))
            {
                sum += value;
                sumOfSquares += value * value;
            }

            count += (long)tokens * width;
        }

        var mean = sum / count;
        return Math.Sqrt(Math.Max(0, (sumOfSquares - (count * mean * mean)) / (count - 1)));
    }
}
