namespace QuickFix.Text;

/// <summary>
/// How a prompt is filled up to <see cref="ClipTokenizer.ContextLength"/> ids (algorithm.md §8 item 7).
/// Pipelines pass no attention mask to CLIP, so the pad id changes the text embedding and must match the model.
/// </summary>
public enum PaddingStyle
{
    /// <summary>Pad with <c>&lt;|endoftext|&gt;</c> (49407): HF <c>CLIPTokenizer</c>'s default, used by SD 1.x and SDXL's first text encoder.</summary>
    EndOfText,

    /// <summary>Pad with id 0 (<c>!</c>): OpenAI <c>clip.tokenize</c>, SD 2.x and SDXL's second text encoder (<c>pad_token="!"</c>).</summary>
    Zero,
}
