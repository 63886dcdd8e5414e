namespace QuickFix.Demo;

/// <summary>What <c>quickfix demo-data</c> writes.</summary>
/// <param name="OutputDirectory">The folder for <c>contact-sheet.png</c> and <c>captions.jsonl</c> (created if missing).</param>
/// <param name="Count">Items to caption, indices 0 to Count − 1; the contact sheet shows the first <see cref="DemoDataWriter.MaxSheetItems"/>.</param>
/// <param name="Seed">The dataset's seed.</param>
/// <param name="Size">Image side in pixels.</param>
/// <param name="VocabularyDirectory">Where to write the CLIP-format vocabulary, or null for none.</param>
public sealed record DemoDataRequest(string OutputDirectory, int Count, ulong Seed, int Size = DemoDataset.DefaultSize, string? VocabularyDirectory = null);
