using QuickFix.Demo;
using QuickFix.Imaging;
using TorchSharp;
using static TorchSharp.torch;

namespace QuickFix.Training;

/// <summary>
/// A training batch of the demo dataset: items <c>[First, First + Count)</c> (every step takes the next items, so step
/// <c>s</c> of a stage always sees the same images, resumed or not), rendered in parallel (each item depends only on its
/// index, so the thread count does not change the bytes).
/// </summary>
internal sealed record DemoBatch(long First, IReadOnlyList<DemoItem> Items)
{
    /// <summary>Renders items <c>[first, first + count)</c> of <paramref name="dataset"/>.</summary>
    public static DemoBatch Load(DemoDataset dataset, long first, int count, CancellationToken cancellationToken)
    {
        var items = new DemoItem[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = cancellationToken }, i => items[i] = dataset.Item(first + i));
        return new DemoBatch(first, items);
    }

    /// <summary>The images as <c>[B, 3, S, S]</c> floats in [−1, 1].</summary>
    public Tensor Images() => ToTensor([.. Items.Select(item => item.Image)]);

    /// <summary>
    /// Square images of one size as a <c>[B, 3, S, S]</c> network input in [−1, 1] (<see cref="RgbImage.WriteNormalized"/>):
    /// what every demo network (VAE, image tower, scorer) reads.
    /// </summary>
    public static Tensor ToTensor(IReadOnlyList<RgbImage> images)
    {
        var size = images[0].Width;
        var plane = 3 * size * size;
        var values = new float[images.Count * plane];
        for (var i = 0; i < images.Count; i++)
        {
            images[i].WriteNormalized(values.AsSpan(i * plane, plane));
        }

        return OwnedTensor.Of(values, [images.Count, 3, size, size]);
    }

    /// <summary>The captions.</summary>
    public IReadOnlyList<string> Captions => [.. Items.Select(item => item.Caption)];
}
