namespace QuickFix.Checkpoints;

/// <summary>
/// Where the data buffer of a <see cref="SafetensorsFile"/> comes from: the file itself (<see cref="FileTensorData"/>),
/// or a pickle checkpoint presented in the layout its conversion would have (<c>Pickle.PickleTensorData</c>). Reads
/// must be safe from several threads at once.
/// </summary>
internal interface ITensorDataSource : IDisposable
{
    /// <summary>Reads <c>destination.Length</c> bytes of the data buffer from <paramref name="dataPosition"/> on (bounds already checked).</summary>
    void Read(long dataPosition, Span<byte> destination);
}
