using System.Security.Cryptography;
using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Manifests;
using QuickFix.Editing;
using QuickFix.Imaging;
using QuickFix.Models.Clip;
using QuickFix.Models.Unet;
using QuickFix.Recipes;
using QuickFix.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Baking;

/// <summary>
/// Regenerates the recipe's <c>images</c> with the base and the edited model from the same initial latents (same
/// seed), writes each image and a labelled before/after grid per prompt, and snapshot-tests the grids against the
/// committed <c>*.verified.png</c> files. The edit only changes text-encoder weights, so the edited model is the base
/// UNet and VAE with the edited encoder weights in memory: no need to read the written checkpoint back.
/// </summary>
internal static class ImageRegeneration
{
    public sealed record Outcome(IReadOnlyList<ManifestImage> Images, IReadOnlyList<SnapshotResult> Snapshots);

    public static Outcome Run(
        ImagesSpec spec,
        Checkpoint checkpoint,
        IReadOnlyList<(TextEncoderComponent Encoder, EditResult Result)> edits,
        string imagesFolder,
        string manifestFolder,
        bool accept,
        IProgress<BakeProgress>? progress,
        CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(imagesFolder);
        var components = StableDiffusionComponents.Resolve(checkpoint);
        using var unet = components.LoadUNet();
        using var vae = components.LoadVae();
        var schedule = NoiseSchedule.Resolve(checkpoint);
        using var scope = torch.NewDisposeScope();
        var overrides = edits.ToDictionary(
            e => (e.Encoder.Index, e.Result.ModuleName),
            e => torch.tensor(e.Result.Weight.ToArray(), [e.Encoder.Config.HiddenSize, e.Encoder.Config.HiddenSize]).to(ScalarType.Float32));
        using var baseText = TextConditioner.Load(checkpoint);
        using var editedText = TextConditioner.Load(checkpoint, overrides: overrides);
        using var before = new TextToImagePipeline(baseText, unet, vae, schedule);
        using var after = new TextToImagePipeline(editedText, unet, vae, schedule);

        var images = new List<ManifestImage>();
        var snapshots = new List<SnapshotResult>();
        for (var p = 0; p < spec.Prompts.Count; p++)
        {
            var prompt = spec.Prompts[p];
            var rows = new List<BeforeAfterRow>();
            foreach (var seed in spec.Seeds)
            {
                cancellationToken.ThrowIfCancellationRequested();
                progress?.Report(new BakeProgress(BakeStage.Images, $"\"{prompt}\", seed {seed}"));
                var request = new GenerationRequest([prompt])
                {
                    Seed = unchecked((ulong)seed),
                    Steps = spec.Steps,
                    GuidanceScale = spec.Guidance,
                    Scheduler = spec.Scheduler,
                    Width = spec.Size.Width,
                    Height = spec.Size.Height,
                };
                var beforeImage = before.Generate(request, null, cancellationToken).Images[0].Image;
                var afterImage = after.Generate(request, null, cancellationToken).Images[0].Image;
                images.Add(Save(beforeImage, Path.Combine(imagesFolder, $"prompt{p}-seed{seed}-before.png"), manifestFolder, "none"));
                images.Add(Save(afterImage, Path.Combine(imagesFolder, $"prompt{p}-seed{seed}-after.png"), manifestFolder, "none"));
                rows.Add(new BeforeAfterRow($"seed {seed}", beforeImage, afterImage));
            }

            var grid = BeforeAfterGrid.Render(prompt, rows);
            var name = $"prompt{p}-grid";
            var snapshot = ImageSnapshot.Verify(grid, spec.Snapshots.FullPath, name, accept);
            snapshots.Add(snapshot);
            images.Add(Save(grid, Path.Combine(imagesFolder, name + ".png"), manifestFolder, snapshot.Status.ToString().ToLowerInvariant()));
        }

        return new Outcome(images, snapshots);
    }

    private static ManifestImage Save(RgbImage image, string path, string manifestFolder, string snapshot)
    {
        var bytes = PngWriter.Write(path, image);
        return new ManifestImage(
            Path.GetRelativePath(manifestFolder, path).Replace('\\', '/'), Convert.ToHexStringLower(SHA256.HashData(bytes)), snapshot);
    }
}
