namespace QuickFix.Benchmarks.Infrastructure;

/// <summary>The bytes one call of the benchmark reads or writes, for the MB/s column (<see cref="ThroughputColumn"/>).</summary>
/// <param name="bytes">Bytes processed per operation.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BytesPerOperationAttribute(long bytes) : Attribute
{
    /// <summary>Bytes processed per operation.</summary>
    public long Bytes { get; } = bytes;
}
