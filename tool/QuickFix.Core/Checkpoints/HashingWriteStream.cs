namespace QuickFix.Checkpoints;

/// <summary>
/// A write-only stream that forwards everything to an inner stream and hashes it on the way (SHA-256 of everything,
/// SHA-256 from the data offset on, XXH3-128 of everything), so that a file is hashed while it is written, without
/// reading it back.
/// </summary>
public sealed class HashingWriteStream : Stream
{
    private readonly Stream inner;
    private readonly bool leaveOpen;
    private readonly CheckpointHashAccumulator hashes;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">A writable stream, written from its current position on.</param>
    /// <param name="dataOffset">Where the tensor bytes start (<c>8 + N</c>), counted from the first byte written.</param>
    /// <param name="leaveOpen">Whether disposing this stream leaves <paramref name="inner"/> open.</param>
    public HashingWriteStream(Stream inner, long dataOffset, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!inner.CanWrite)
        {
            throw new ArgumentException("The inner stream must be writable.", nameof(inner));
        }

        this.inner = inner;
        this.leaveOpen = leaveOpen;
        hashes = new CheckpointHashAccumulator(dataOffset);
    }

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <summary>The number of bytes written so far.</summary>
    public override long Position
    {
        get => hashes.Position;
        set => throw new NotSupportedException();
    }

    /// <summary>The hashes of everything written so far. Call once, after the last write.</summary>
    public FileHashes GetHashes() => hashes.Finish();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsMemory(offset, count).Span);

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        hashes.Append(buffer);
    }

    /// <summary>Writes and hashes a block; large blocks are hashed on two cores.</summary>
    internal void WriteBlock(ReadOnlyMemory<byte> buffer)
    {
        inner.Write(buffer.Span);
        hashes.Append(buffer);
    }

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            hashes.Dispose();
            if (!leaveOpen)
            {
                inner.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
