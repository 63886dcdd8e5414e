using QuickFix.Checkpoints.Layouts;

namespace QuickFix.Checkpoints.Synthesis;

/// <summary>
/// What <see cref="CheckpointSynthesizer.Synthesize"/> writes (<c>quickfix synth</c>, design.md "Command-line contract").
/// </summary>
/// <remarks>
/// <para><b>Diffusers layout</b>: <see cref="OutputPath"/> is the pipeline folder. It gets every weights file of the
/// inventory (F32: <c>model.safetensors</c> / <c>diffusion_pytorch_model.safetensors</c>; F16:
/// <c>*.fp16.safetensors</c>; BF16: <c>*.bf16.safetensors</c>, see <see cref="SynthesisPaths.DiffusersVariantPath"/>),
/// <c>model_index.json</c> and every component's config, and the tokenizer folders <c>tokenizer/</c> (plus
/// <c>tokenizer_2/</c> for SDXL).</para>
/// <para><b>Single-file layout</b>: <see cref="OutputPath"/> is the <c>.safetensors</c> file. Its tokenizer goes in the
/// <b>sidecar folder</b> beside it named after the file without its extension plus <c>.tokenizer</c>, and SDXL's second
/// one in <c>.tokenizer_2</c>: <c>out/sd15.safetensors</c> → <c>out/sd15.tokenizer/</c>
/// (<see cref="SynthesisPaths.TokenizerSidecarDirectory"/>). Code that loads a single file looks there for a tokenizer
/// when none is given.</para>
/// <para>Every tokenizer folder holds <c>vocab.json</c>, <c>merges.txt</c>, <c>tokenizer_config.json</c> and
/// <c>special_tokens_map.json</c>, with the pad token of its encoder: <c>&lt;|endoftext|&gt;</c> for SD 1.x and SDXL's
/// first encoder, <c>"!"</c> (id 0) for SD 2.x and SDXL's second.</para>
/// </remarks>
/// <param name="Family">The release family whose tensor names, shapes and files are reproduced.</param>
/// <param name="Size">Released width, or the same structure at tiny width.</param>
/// <param name="Layout">Diffusers folder or single file.</param>
/// <param name="DType">The float dtype: <see cref="TensorDType.F32"/>, <see cref="TensorDType.F16"/> or <see cref="TensorDType.BF16"/>.</param>
/// <param name="Seed">The random seed; the same options give byte-identical files on any machine and core count.</param>
/// <param name="OutputPath">The folder (diffusers) or <c>.safetensors</c> file (single file) to write; replaced atomically if it exists.</param>
/// <param name="TokenizerDirectory">
/// A CLIP tokenizer folder whose <c>vocab.json</c> and <c>merges.txt</c> are copied, or null for the project's tiny
/// vocabulary (<see cref="QuickFix.Text.TinyVocabularyBuilder"/>). A tiny model's token embedding has one row per
/// entry of the tokenizer used; a full model keeps CLIP's 49,408 rows, of which the tiny vocabulary indexes only the first.
/// </param>
/// <param name="Optional">Optional tensors to include (e.g. <c>position_ids</c>, EMA counters, <c>denoiser.sigmas</c>).</param>
/// <param name="MaxDegreeOfParallelism">Threads that generate weights; null for one per processor. Does not change the output.</param>
public sealed record SynthesisOptions(
    ModelFamily Family,
    ModelSize Size,
    CheckpointLayout Layout,
    TensorDType DType,
    ulong Seed,
    string OutputPath,
    string? TokenizerDirectory = null,
    OptionalTensors Optional = OptionalTensors.None,
    int? MaxDegreeOfParallelism = null);
