using System.Text.Json;
using QuickFix.Text;

namespace QuickFix.Tests.Text;

/// <summary>Every prompt of shared/data/reference/clip-text/prompts.json (ids from OpenAI's simple_tokenizer).</summary>
public sealed class ClipTokenizerReferenceTests
{
    private static readonly Lazy<ClipTokenizer> Tokenizer = new(() => ClipTokenizer.FromDirectory(SharedData.Reference("clip-text", "tokenizer")));

    public static TheoryData<int> PromptIndices()
    {
        var data = new TheoryData<int>();
        foreach (var prompt in ReadPrompts())
        {
            data.Add(prompt.GetProperty("index").GetInt32());
        }

        return data;
    }

    [Fact]
    public void Reference_folder_declares_end_of_text_padding()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.Reference("clip-text", "prompts.json")));
        var tokenizer = Tokenizer.Value;

        Assert.Equal(PaddingStyle.EndOfText, tokenizer.Padding);
        Assert.Equal(document.RootElement.GetProperty("pad_id").GetInt32(), tokenizer.PadId);
        Assert.Equal(ClipTokenizer.ContextLength, document.RootElement.GetProperty("context_length").GetInt32());
    }

    [Theory]
    [MemberData(nameof(PromptIndices))]
    public void Prompt_encodes_to_reference_ids_eos_index_and_padding(int index)
    {
        var prompt = ReadPrompts().Single(p => p.GetProperty("index").GetInt32() == index);
        var text = prompt.GetProperty("text").GetString()!;
        int[] expected = [.. prompt.GetProperty("ids").EnumerateArray().Select(id => id.GetInt32())];
        var eosIndex = prompt.GetProperty("eos_index").GetInt32();
        var padId = prompt.GetProperty("pad_id").GetInt32();
        var tokenizer = Tokenizer.Value;

        var ids = tokenizer.Encode(text);
        var padded = tokenizer.EncodePadded(text);

        Assert.Equal(expected, ids);
        Assert.Equal(prompt.GetProperty("n_ids").GetInt32(), ids.Count);
        Assert.Equal(eosIndex, ids.Count - 1);
        Assert.Equal(tokenizer.EndOfTextId, padded[eosIndex]);
        Assert.Equal([.. expected, .. Enumerable.Repeat(padId, ClipTokenizer.ContextLength - expected.Length)], padded);
    }

    private static List<JsonElement> ReadPrompts()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedData.Reference("clip-text", "prompts.json")));
        return [.. document.RootElement.GetProperty("prompts").EnumerateArray().Select(p => p.Clone())];
    }
}
