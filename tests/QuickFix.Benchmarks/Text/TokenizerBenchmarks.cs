using BenchmarkDotNet.Attributes;
using QuickFix.Benchmarks.Data;
using QuickFix.Editing;
using QuickFix.Text;

namespace QuickFix.Benchmarks.Text;

/// <summary>
/// The CLIP tokenizer with CLIP's vocabulary (when ../shared has it): building it from vocab.json and merges.txt,
/// which every command that tokenizes pays once, and encoding the 400 templated prompts of 100 edits to 77 ids each.
/// </summary>
[MemoryDiagnoser]
public class TokenizerBenchmarks
{
    private ScratchDirectory? scratch;
    private string folder = string.Empty;
    private ClipTokenizer? tokenizer;
    private string[] prompts = [];

    [GlobalSetup]
    public void Setup()
    {
        scratch = ScratchDirectory.Create("tokenizer");
        folder = Vocabulary.Folder(scratch);
        tokenizer = ClipTokenizer.FromDirectory(folder, PaddingStyle.EndOfText);
        prompts = [.. MassEdits.Create(100).SelectMany(edit => EditOptions.DefaultTemplates.Select(template => PromptTemplate.Apply(template, edit.Key)))];
        Console.WriteLine($"// vocabulary: {tokenizer.VocabularySize} entries from {folder}");
    }

    [GlobalCleanup]
    public void Cleanup() => scratch?.Dispose();

    [Benchmark]
    public int LoadVocabulary() => ClipTokenizer.FromDirectory(folder, PaddingStyle.EndOfText).VocabularySize;

    [Benchmark]
    public int Encode400Prompts()
    {
        var total = 0;
        foreach (var prompt in prompts)
        {
            total += tokenizer!.EncodePadded(prompt).Length;
        }

        return total;
    }
}
