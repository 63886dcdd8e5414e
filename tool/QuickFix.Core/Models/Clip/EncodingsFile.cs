using System.Runtime.InteropServices;
using QuickFix.Checkpoints;

namespace QuickFix.Models.Clip;

/// <summary>
/// Writes encoded prompts as safetensors: <c>prompt.{i}.input_ids</c> (I64 [77]; <c>input_ids_2</c> for SDXL's second
/// encoder) and <c>prompt.{i}.last_hidden_state</c> (F32 [77, d], the UNet's conditioning).
/// </summary>
public static class EncodingsFile
{
    /// <summary>Writes <paramref name="prompts"/> to <paramref name="path"/> atomically and returns its hashes.</summary>
    public static FileHashes Write(
        string path, IReadOnlyList<EncodedPrompt> prompts, IReadOnlyDictionary<string, string> provenance, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(prompts);
        ArgumentNullException.ThrowIfNull(provenance);
        var writer = new SafetensorsWriter();
        writer.Metadata["format"] = "pt";
        foreach (var (key, value) in provenance)
        {
            writer.Metadata[key] = value;
        }

        for (var i = 0; i < prompts.Count; i++)
        {
            var prompt = prompts[i];
            for (var encoder = 0; encoder < prompt.InputIds.Count; encoder++)
            {
                var name = encoder == 0 ? $"prompt.{i}.input_ids" : $"prompt.{i}.input_ids_{encoder + 1}";
                var ids = prompt.InputIds[encoder].ToArray();
                writer.Add(name, SafetensorsDType.I64, [ids.Length], MemoryMarshal.AsBytes(ids.AsSpan()).ToArray());
            }

            var rows = prompt.Conditioning.Length / prompt.Width;
            writer.Add(
                $"prompt.{i}.last_hidden_state",
                SafetensorsDType.F32,
                [rows, prompt.Width],
                MemoryMarshal.AsBytes(prompt.Conditioning.AsSpan()).ToArray());
        }

        return writer.WriteFile(path, cancellationToken);
    }
}
