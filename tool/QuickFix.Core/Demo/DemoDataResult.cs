namespace QuickFix.Demo;

/// <summary>What <see cref="DemoDataWriter.Write"/> wrote.</summary>
/// <param name="ContactSheetPath">The contact sheet PNG.</param>
/// <param name="ContactSheetItems">Images on the sheet (the first ones).</param>
/// <param name="ContactSheetSha256">SHA-256 of the PNG bytes.</param>
/// <param name="CaptionsPath">The captions file, one JSON object per line.</param>
/// <param name="Count">Captioned items.</param>
/// <param name="Seed">The dataset's seed.</param>
/// <param name="Size">Image side in pixels.</param>
/// <param name="VocabularyDirectory">The vocabulary folder, or null.</param>
/// <param name="VocabularySize">Its number of ids (byte symbols, merges, BOS, EOS), or null.</param>
public sealed record DemoDataResult(
    string ContactSheetPath,
    int ContactSheetItems,
    string ContactSheetSha256,
    string CaptionsPath,
    int Count,
    ulong Seed,
    int Size,
    string? VocabularyDirectory,
    int? VocabularySize);
