using System.IO.Compression;
using CsCheck;
using QuickFix.Checkpoints.Pickle;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary>Damaged pickles and storage records: every outcome is either the tensors or one QF14xx error, never a crash.</summary>
public sealed class DamagedCheckpointTests
{
    [Fact]
    public void Any_damage_to_the_pickles_of_a_legacy_checkpoint_is_read_or_refused_with_a_qf14_error()
    {
        var original = File.ReadAllBytes(CkptFixtures.Path(CkptFixtures.Legacy));

        // The five pickles and the first storage records lie in the first 9,000 bytes (pickletools: the key list ends at 8568).
        var damage = Gen.Select(Gen.Int[0, 8999], Gen.Byte).Array[1, 6];
        using var temp = new TemporaryDirectory();
        damage.Sample(
            changes =>
            {
                // Samples run on several threads: each writes its own file.
                var path = temp.File($"{Guid.NewGuid():N}.ckpt");
                var bytes = (byte[])original.Clone();
                foreach (var (at, value) in changes)
                {
                    bytes[at] = value;
                }

                File.WriteAllBytes(path, bytes);
                try
                {
                    using var file = PickleCheckpointReader.Open(path).File;
                    foreach (var tensor in file.Tensors)
                    {
                        _ = file.ReadBytes(tensor.Name);
                    }
                }
                catch (PickleCheckpointException exception)
                {
                    Assert.StartsWith("QF14", exception.Code, StringComparison.Ordinal);
                }
                finally
                {
                    File.Delete(path);
                }
            },
            iter: 300);
    }

    [Fact]
    public void Any_damage_to_a_data_pkl_unpickles_or_is_refused_with_a_qf14_error()
    {
        byte[] original;
        using (var zip = ZipFile.OpenRead(CkptFixtures.Path(CkptFixtures.Zip)))
        using (var entry = zip.GetEntry("sd15-tiny-zip/data.pkl")!.Open())
        using (var copy = new MemoryStream())
        {
            entry.CopyTo(copy);
            original = copy.ToArray();
        }

        Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte).Array[1, 8].Select(Gen.Int[1, original.Length]).Sample((changes, keep) =>
        {
            var bytes = original[..keep];
            foreach (var (at, value) in changes.Where(c => c.Item1 < keep))
            {
                bytes[at] = value;
            }

            try
            {
                _ = StateDictSelection.Of(
                    RestrictedUnpickler.Load(new MemoryStream(bytes), "damaged.ckpt", "data.pkl", StorageIds.Resolve, CancellationToken.None), "damaged.ckpt");
            }
            catch (PickleCheckpointException exception)
            {
                Assert.StartsWith("QF14", exception.Code, StringComparison.Ordinal);
            }
        });
    }
}
