using System.Buffers;
using System.Buffers.Binary;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// Streams a synthesized tensor's bytes into a safetensors file without holding the tensor: elements are made in
/// chunks, the chunks of a batch in parallel, each chunk computed in float64 and rounded once to the stored dtype
/// (<see cref="FloatEncoder"/>, the codec's fast path), and batches are written in order. Because every element is computed on its own
/// (<see cref="ITensorValues"/>), the bytes do not depend on the chunk size or the degree of parallelism.
/// </summary>
internal sealed class TensorDataWriter
{
    /// <summary>Elements per parallel work item (512 KiB of doubles).</summary>
    private const int ChunkElements = 1 << 16;

    /// <summary>Work items per batch and thread: enough to balance the threads, few enough to keep the buffer small.</summary>
    private const int ChunksPerThread = 8;

    private readonly int parallelism;
    private readonly CancellationToken cancellationToken;
    private readonly Action<long> reportBytes;

    /// <param name="parallelism">Threads to generate with (1 or more).</param>
    /// <param name="reportBytes">Called from the writing thread with the bytes written after each batch.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    public TensorDataWriter(int parallelism, Action<long> reportBytes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        ArgumentNullException.ThrowIfNull(reportBytes);
        this.parallelism = parallelism;
        this.reportBytes = reportBytes;
        this.cancellationToken = cancellationToken;
    }

    /// <summary>
    /// Writes <paramref name="elementCount"/> elements of <paramref name="values"/> as <paramref name="dtype"/> to
    /// <paramref name="destination"/>. The next batch is generated while the current one is written (and hashed by the
    /// safetensors writer), so that generation and hashing share the cores instead of taking turns.
    /// </summary>
    public void Write(Stream destination, ITensorValues values, SafetensorsDType dtype, long elementCount)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(values);
        var elementSize = dtype.BitSize() / 8;
        var batchElements = (long)ChunkElements * ChunksPerThread * parallelism;
        if (elementCount <= batchElements)
        {
            WriteSequentially(destination, values, dtype, elementCount, elementSize);
            return;
        }

        var bufferSize = (int)(batchElements * elementSize);
        byte[][] buffers = [ArrayPool<byte>.Shared.Rent(bufferSize), ArrayPool<byte>.Shared.Rent(bufferSize)];
        Task<Memory<byte>>? pending = null;
        try
        {
            Memory<byte> Generate(long start, byte[] buffer)
            {
                var count = (int)Math.Min(batchElements, elementCount - start);
                var bytes = buffer.AsMemory(0, count * elementSize);
                EncodeBatch(values, dtype, start, count, bytes);
                return bytes;
            }

            pending = Task.Run(() => Generate(0, buffers[0]), cancellationToken);
            for (long start = 0, batch = 0; pending is not null; start += batchElements, batch++)
            {
                var bytes = pending.GetAwaiter().GetResult();
                var nextStart = start + batchElements;
                var nextBuffer = buffers[(batch + 1) % 2];
                pending = nextStart < elementCount ? Task.Run(() => Generate(nextStart, nextBuffer), cancellationToken) : null;
                destination.Write(bytes.Span);
                reportBytes(bytes.Length);
            }
        }
        finally
        {
            // The buffers go back to the pool only once no generation writes into them any more.
            try
            {
                pending?.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Already failing or cancelled; the first error is the one reported.
            }

            ArrayPool<byte>.Shared.Return(buffers[0]);
            ArrayPool<byte>.Shared.Return(buffers[1]);
        }
    }

    private void WriteSequentially(Stream destination, ITensorValues values, SafetensorsDType dtype, long elementCount, int elementSize)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var count = (int)elementCount;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(count * elementSize, 1));
        try
        {
            var bytes = buffer.AsMemory(0, count * elementSize);
            EncodeBatch(values, dtype, 0, count, bytes);
            destination.Write(bytes.Span);
            reportBytes(bytes.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Encodes elements <c>[start, start + count)</c> into <paramref name="bytes"/>, one chunk per work item.</summary>
    private void EncodeBatch(ITensorValues values, SafetensorsDType dtype, long start, int count, Memory<byte> bytes)
    {
        var elementSize = dtype.BitSize() / 8;
        var chunks = (count + ChunkElements - 1) / ChunkElements;
        if (chunks <= 1)
        {
            Encode(values, dtype, start, bytes.Span);
            return;
        }

        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, chunk =>
        {
            var first = chunk * ChunkElements;
            var length = Math.Min(ChunkElements, count - first);
            Encode(values, dtype, start + first, bytes.Span.Slice(first * elementSize, length * elementSize));
        });
    }

    private static void Encode(ITensorValues values, SafetensorsDType dtype, long firstElement, Span<byte> destination)
    {
        var elementSize = dtype.BitSize() / 8;
        var count = destination.Length / elementSize;
        var scratch = ArrayPool<double>.Shared.Rent(count);
        try
        {
            var doubles = scratch.AsSpan(0, count);
            values.Fill(firstElement, doubles);
            switch (dtype)
            {
                case SafetensorsDType.I64:
                    for (var i = 0; i < count; i++)
                    {
                        BinaryPrimitives.WriteInt64LittleEndian(destination[(i * 8)..], checked((long)doubles[i]));
                    }

                    break;
                case SafetensorsDType.I32:
                    for (var i = 0; i < count; i++)
                    {
                        BinaryPrimitives.WriteInt32LittleEndian(destination[(i * 4)..], checked((int)doubles[i]));
                    }

                    break;
                default:
                    FloatEncoder.Encode(doubles, dtype, destination);
                    break;
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
    }
}
