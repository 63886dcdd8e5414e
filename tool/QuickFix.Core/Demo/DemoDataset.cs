using QuickFix.Imaging;

namespace QuickFix.Demo;

/// <summary>
/// The procedural caption/image dataset: item <c>i</c> of the dataset with seed <c>s</c> is always the same scene,
/// caption and image bytes, whatever other items are made, in whatever order or on however many threads (every draw
/// comes from counter-based streams keyed by (seed, i), and rendering uses exact arithmetic only). Unbounded: any
/// non-negative index is an item.
/// </summary>
public sealed class DemoDataset
{
    /// <summary>The image side the project's demo model is trained at.</summary>
    public const int DefaultSize = 64;

    /// <summary>Creates the dataset of <paramref name="seed"/> at <paramref name="size"/> × <paramref name="size"/> pixels.</summary>
    /// <exception cref="DemoDataException">QF1501: the size is not a multiple of 16 in [32, 512].</exception>
    public DemoDataset(ulong seed, int size = DefaultSize)
    {
        SceneRenderer.ValidateSize(size);
        Seed = seed;
        Size = size;
    }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>The image side in pixels.</summary>
    public int Size { get; }

    /// <summary>The scene of item <paramref name="index"/> (cheap: no rendering).</summary>
    public DemoScene Scene(long index) => SceneSampler.Sample(Seed, index);

    /// <summary>The caption of item <paramref name="index"/> (cheap: no rendering).</summary>
    public string Caption(long index) => CaptionWriter.Write(Scene(index));

    /// <summary>Item <paramref name="index"/> with its rendered image.</summary>
    public DemoItem Item(long index)
    {
        var scene = Scene(index);
        return new DemoItem(index, scene, CaptionWriter.Write(scene), SceneRenderer.Render(scene, Size));
    }

    /// <summary>The image of item <paramref name="index"/>.</summary>
    public RgbImage Image(long index) => SceneRenderer.Render(Scene(index), Size);
}
