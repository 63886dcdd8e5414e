using System.Text.Json.Serialization;

namespace QuickFix.Checkpoints.Layouts;

/// <summary>
/// The architecture of a transformers <c>CLIPTextModel</c> / <c>CLIPTextModelWithProjection</c>, with the field names
/// of its <c>config.json</c>. Defaults are <c>openai/clip-vit-large-patch14</c>'s text tower (SD 1.x).
/// </summary>
public sealed record ClipTextConfig
{
    /// <summary><c>_name_or_path</c> (bookkeeping only).</summary>
    [JsonPropertyName("_name_or_path")]
    public string NameOrPath { get; init; } = "openai/clip-vit-large-patch14";

    /// <summary><c>architectures</c>: <c>CLIPTextModel</c>, or <c>CLIPTextModelWithProjection</c> (adds <c>text_projection.weight</c>).</summary>
    [JsonPropertyName("architectures")]
    public IReadOnlyList<string> Architectures { get; init; } = ["CLIPTextModel"];

    /// <summary><c>attention_dropout</c>.</summary>
    [JsonPropertyName("attention_dropout")]
    public double AttentionDropout { get; init; }

    /// <summary><c>bos_token_id</c>.</summary>
    [JsonPropertyName("bos_token_id")]
    public int BosTokenId { get; init; }

    /// <summary><c>dropout</c>.</summary>
    [JsonPropertyName("dropout")]
    public double Dropout { get; init; }

    /// <summary><c>eos_token_id</c>.</summary>
    [JsonPropertyName("eos_token_id")]
    public int EosTokenId { get; init; } = 2;

    /// <summary><c>hidden_act</c>: <c>quick_gelu</c> (OpenAI CLIP) or <c>gelu</c> (OpenCLIP).</summary>
    [JsonPropertyName("hidden_act")]
    public string HiddenAct { get; init; } = "quick_gelu";

    /// <summary><c>hidden_size</c>: the residual width d.</summary>
    [JsonPropertyName("hidden_size")]
    public int HiddenSize { get; init; } = 768;

    /// <summary><c>initializer_factor</c>.</summary>
    [JsonPropertyName("initializer_factor")]
    public double InitializerFactor { get; init; } = 1.0;

    /// <summary><c>initializer_range</c>.</summary>
    [JsonPropertyName("initializer_range")]
    public double InitializerRange { get; init; } = 0.02;

    /// <summary><c>intermediate_size</c>: MLP width.</summary>
    [JsonPropertyName("intermediate_size")]
    public int IntermediateSize { get; init; } = 3072;

    /// <summary><c>layer_norm_eps</c>.</summary>
    [JsonPropertyName("layer_norm_eps")]
    public double LayerNormEps { get; init; } = 1e-5;

    /// <summary><c>max_position_embeddings</c>: the context length (77).</summary>
    [JsonPropertyName("max_position_embeddings")]
    public int MaxPositionEmbeddings { get; init; } = 77;

    /// <summary><c>model_type</c>.</summary>
    [JsonPropertyName("model_type")]
    public string ModelType { get; init; } = "clip_text_model";

    /// <summary><c>num_attention_heads</c>.</summary>
    [JsonPropertyName("num_attention_heads")]
    public int NumAttentionHeads { get; init; } = 12;

    /// <summary><c>num_hidden_layers</c>: encoder layers diffusers instantiates.</summary>
    [JsonPropertyName("num_hidden_layers")]
    public int NumHiddenLayers { get; init; } = 12;

    /// <summary><c>pad_token_id</c>.</summary>
    [JsonPropertyName("pad_token_id")]
    public int PadTokenId { get; init; } = 1;

    /// <summary><c>projection_dim</c>: output width of <c>text_projection</c> (used only by <c>CLIPTextModelWithProjection</c>).</summary>
    [JsonPropertyName("projection_dim")]
    public int ProjectionDim { get; init; } = 768;

    /// <summary><c>torch_dtype</c> the weights were saved in (<c>float32</c>, <c>float16</c>, <c>bfloat16</c>).</summary>
    [JsonPropertyName("torch_dtype")]
    public string TorchDtype { get; init; } = "float32";

    /// <summary><c>transformers_version</c> of the writer (bookkeeping only).</summary>
    [JsonPropertyName("transformers_version")]
    public string TransformersVersion { get; init; } = "4.22.0.dev0";

    /// <summary><c>vocab_size</c>: rows of the token embedding (49408 for the CLIP BPE; tiny models use their own).</summary>
    [JsonPropertyName("vocab_size")]
    public int VocabSize { get; init; } = 49408;

    /// <summary>True for <c>CLIPTextModelWithProjection</c>, which stores <c>text_projection.weight</c>.</summary>
    [JsonIgnore]
    public bool HasProjection => Architectures.Contains("CLIPTextModelWithProjection");
}
