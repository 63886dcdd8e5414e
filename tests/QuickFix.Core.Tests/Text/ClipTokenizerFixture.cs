using QuickFix.Text;

namespace QuickFix.Tests.Text;

/// <summary>Loads the real CLIP vocabulary from shared/ once per test class (about 50k entries).</summary>
public sealed class ClipTokenizerFixture
{
    public ClipTokenizer EndOfTextPadded { get; } = ClipTokenizer.FromDirectory(SharedData.ClipTokenizerDirectory, PaddingStyle.EndOfText);

    public ClipTokenizer ZeroPadded { get; } = ClipTokenizer.FromDirectory(SharedData.ClipTokenizerDirectory, PaddingStyle.Zero);
}
