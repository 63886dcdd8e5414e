using QuickFix.Text;

namespace QuickFix.Tracing;

/// <summary>
/// Finds a subject's tokens inside a prompt's: both are encoded with the encoder's own tokenizer and the subject's ids
/// are searched for as one contiguous run between the prompt's BOS and EOS. CLIP's BPE works word by word
/// (algorithm.md §8), so a subject is spelt by the same ids alone and inside a caption; padding (EOS or <c>!</c>)
/// lies after EOS and is never searched.
/// </summary>
public static class SubjectLocator
{
    /// <summary>The first occurrence of <paramref name="subject"/>'s tokens in <paramref name="prompt"/>'s.</summary>
    /// <exception cref="TraceException">The subject or prompt has no tokens, or the subject does not occur in the (at most 75 kept) prompt tokens.</exception>
    public static SubjectSpan Find(ClipTokenizer tokenizer, string prompt, string subject)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(subject);
        var promptIds = tokenizer.Encode(prompt);
        var subjectIds = tokenizer.Encode(subject).Skip(1).SkipLast(1).ToArray();
        if (subjectIds.Length == 0 || promptIds.Count <= 2)
        {
            throw new TraceException(
                TraceError.EmptyText, $"the {(subjectIds.Length == 0 ? "subject" : "prompt")} has no tokens (prompt '{prompt}', subject '{subject}')");
        }

        // Content lies in [1, Count − 1): BOS first, EOS last.
        for (var start = 1; start + subjectIds.Length <= promptIds.Count - 1; start++)
        {
            if (subjectIds.AsSpan().SequenceEqual(promptIds.Skip(start).Take(subjectIds.Length).ToArray()))
            {
                var tokens = tokenizer.Tokenize(prompt).Skip(start - 1).Take(subjectIds.Length).ToArray();
                return new SubjectSpan(start, start + subjectIds.Length - 1, subjectIds, tokens);
            }
        }

        var truncated = tokenizer.CountTokens(prompt) > promptIds.Count - 2 ? " (the encoder keeps only the first 75 prompt tokens)" : string.Empty;
        throw new TraceException(
            TraceError.SubjectNotInPrompt,
            $"subject '{subject}' (tokens {string.Join(' ', tokenizer.Tokenize(subject))}) does not occur in prompt '{prompt}' " +
            $"(tokens {string.Join(' ', tokenizer.Tokenize(prompt))}){truncated}");
    }
}
