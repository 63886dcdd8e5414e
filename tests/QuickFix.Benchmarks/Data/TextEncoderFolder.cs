using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Checkpoints.Synthesis;
using QuickFix.Text;

namespace QuickFix.Benchmarks.Data;

/// <summary>
/// Writes a diffusers folder holding only SD 1.5's text encoder at full size (12 layers, width 768, F16, 246 MB) and
/// its tokenizer: what the edit reads, synthesized with the synthesizer's own value planner in a few seconds instead
/// of the whole 2 GB checkpoint.
/// </summary>
internal static class TextEncoderFolder
{
    public static string Write(ScratchDirectory scratch, ulong seed = 1234)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var root = scratch.File("sd15-text-encoder");
        var tokenizer = TokenizerFolderWriter.Write(Path.Combine(root, "tokenizer"), Vocabulary.Folder(scratch), PaddingStyle.EndOfText);
        var full = StableDiffusionConfig.Full(ModelFamily.SD15);
        var config = full with
        {
            TextEncoder = full.TextEncoder with
            {
                BosTokenId = tokenizer.BeginOfTextId,
                EosTokenId = tokenizer.EndOfTextId,
                PadTokenId = tokenizer.PadId,
            },
        };
        var inventory = CheckpointInventory.Create(config, CheckpointLayout.Diffusers, TensorDType.F16);
        var configFile = inventory.ConfigFiles.Single(c => c.RelativePath == "text_encoder/config.json");
        Directory.CreateDirectory(Path.Combine(root, "text_encoder"));
        File.WriteAllText(Path.Combine(root, configFile.RelativePath), configFile.Json);

        var weights = inventory.Files.Single(f => f.RelativePath.StartsWith("text_encoder/", StringComparison.Ordinal));
        var planner = new TensorValuePlanner(seed, CheckpointKeyMap.Create(config));
        var data = new TensorDataWriter(Environment.ProcessorCount, _ => { }, CancellationToken.None);
        var writer = new SafetensorsWriter();
        foreach (var spec in weights.Tensors)
        {
            var dtype = Enum.Parse<SafetensorsDType>(spec.DType.ToString());
            writer.Add(spec.Name, dtype, spec.Shape.Dimensions, stream => data.Write(stream, planner.ForDiffusers(weights.RelativePath, spec), dtype, spec.Shape.ElementCount));
        }

        writer.WriteFile(Path.Combine(root, SynthesisPaths.DiffusersVariantPath(weights.RelativePath, TensorDType.F16)));
        return root;
    }
}
