using QuickFix.Checkpoints;
using QuickFix.Models.Clip;
using QuickFix.Text;
using QuickFix.Tracing;
using TorchSharp;

namespace QuickFix.Tests.Tracing;

/// <summary>The reference text encoder (shared/data/reference/clip-text, 3 layers × 128) loaded for tracing, optionally rewired in memory.</summary>
internal sealed class TracedEncoder : IDisposable
{
    private TracedEncoder(TextEncoderComponent component, ClipTokenizer tokenizer, ClipTextModel model)
    {
        Component = component;
        Tokenizer = tokenizer;
        Model = model;
    }

    public TextEncoderComponent Component { get; }

    public ClipTokenizer Tokenizer { get; }

    public ClipTextModel Model { get; }

    public static TracedEncoder Reference()
    {
        using var checkpoint = Checkpoint.Open(SharedData.Reference("clip-text"));
        var component = checkpoint.TextEncoders.Single();
        return new TracedEncoder(component, component.OpenTokenizer(), component.LoadModel());
    }

    /// <summary>
    /// The reference encoder rewired so that only layer 0's self-attention can carry the subject: every MLP and the
    /// attention of layers 1.. write zeros; layer 0 attends (almost) only to each position itself (q = k = 4·I after a
    /// plain LayerNorm) and its output is scaled ×50 so that it dominates the residual stream. A subject's noise then
    /// reaches the conditioning only through its own positions, and at the last subject token mostly through that
    /// attention output.
    /// </summary>
    public static TracedEncoder OnlyLayer0AttentionCarriesTheSubject()
    {
        var encoder = Reference();
        var parameters = encoder.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var width = encoder.Model.Architecture.HiddenSize;
        using var noGrad = torch.no_grad();
        string Layer(int l, string name) => $"text_model.encoder.layers.{l}.{name}";
        parameters[Layer(0, "layer_norm1.weight")].fill_(1);
        parameters[Layer(0, "layer_norm1.bias")].zero_();
        foreach (var projection in new[] { "q_proj", "k_proj" })
        {
            parameters[Layer(0, $"self_attn.{projection}.weight")].copy_(torch.eye(width) * 4);
            parameters[Layer(0, $"self_attn.{projection}.bias")].zero_();
        }

        parameters[Layer(0, "self_attn.out_proj.weight")].mul_(50);
        parameters[Layer(0, "self_attn.out_proj.bias")].mul_(50);
        for (var l = 0; l < encoder.Model.Layers.Count; l++)
        {
            if (l > 0)
            {
                parameters[Layer(l, "self_attn.out_proj.weight")].zero_();
                parameters[Layer(l, "self_attn.out_proj.bias")].zero_();
            }

            parameters[Layer(l, "mlp.fc2.weight")].zero_();
            parameters[Layer(l, "mlp.fc2.bias")].zero_();
        }

        return encoder;
    }

    /// <summary>Writes the (possibly rewired) encoder as a text-encoder-only diffusers folder that recipes can name.</summary>
    public string SaveAsFolder(string folder)
    {
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        foreach (var (name, parameter) in Model.named_parameters())
        {
            writer.Add(name, SafetensorsDType.F32, parameter.shape, SafetensorsTorch.ToBytes(parameter));
        }

        writer.WriteFile(Path.Combine(folder, "text_encoder", "model.safetensors"));
        File.Copy(SharedData.Reference("clip-text", "text_encoder", "config.json"), Path.Combine(folder, "text_encoder", "config.json"));
        Directory.CreateDirectory(Path.Combine(folder, "tokenizer"));
        foreach (var file in Directory.GetFiles(SharedData.Reference("clip-text", "tokenizer")))
        {
            File.Copy(file, Path.Combine(folder, "tokenizer", Path.GetFileName(file)));
        }

        return folder;
    }

    public TraceReport Trace(string prompt, string subject, TraceSettings settings) =>
        CausalTracer.TraceModel(Model, Tokenizer, Component.ConditioningRun, "reference clip-text", Component.Family, 0, prompt, subject, settings, null, default);

    public void Dispose() => Model.Dispose();
}
