namespace QuickFix.Checkpoints.Synthesis;

/// <summary>A random tensor: one or more <see cref="RandomBlock"/>s that together cover its elements, in order.</summary>
internal sealed class RandomTensorValues : ITensorValues
{
    private readonly RandomBlock[] blocks;

    public RandomTensorValues(IEnumerable<RandomBlock> blocks)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        this.blocks = [.. blocks.OrderBy(b => b.FirstElement)];
        var next = 0L;
        foreach (var block in this.blocks)
        {
            if (block.FirstElement != next)
            {
                throw new ArgumentException($"Random blocks must tile the tensor; expected one starting at element {next}.", nameof(blocks));
            }

            next += block.ElementCount;
        }

        ElementCount = next;
    }

    /// <summary>The number of elements the blocks cover.</summary>
    public long ElementCount { get; }

    /// <inheritdoc/>
    public void Fill(long firstElement, Span<double> destination)
    {
        var done = 0;
        foreach (var block in blocks)
        {
            var blockEnd = block.FirstElement + block.ElementCount;
            var position = firstElement + done;
            if (done == destination.Length)
            {
                break;
            }

            if (position >= blockEnd)
            {
                continue;
            }

            var count = (int)Math.Min(destination.Length - done, blockEnd - position);
            var offset = position - block.FirstElement;
            var span = destination.Slice(done, count);
            var (key, distribution) = (block.Key, block.Distribution);
            if (block.TransposedRows == 0)
            {
                CounterRandom.Fill(key, offset, distribution, span);
            }
            else
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = distribution.At(CounterRandom.SignedUnit(key, block.StreamIndex(offset + i)));
                }
            }

            done += count;
        }

        if (done != destination.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(firstElement), firstElement, "The range runs past the end of the tensor.");
        }
    }
}
