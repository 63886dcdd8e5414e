using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Layouts;
using QuickFix.Tests.Text;

namespace QuickFix.Tests.Checkpoints.Synthesis;

public sealed class SynthesisDeterminismTests
{
    [Theory]
    [InlineData(ModelFamily.SD15, CheckpointLayout.Diffusers, TensorDType.F16)]
    [InlineData(ModelFamily.SD21, CheckpointLayout.SingleFile, TensorDType.F32)]
    [InlineData(ModelFamily.SDXL, CheckpointLayout.SingleFile, TensorDType.BF16)]
    [InlineData(ModelFamily.SDXL, CheckpointLayout.Diffusers, TensorDType.F32)]
    public void The_same_seed_gives_byte_identical_files_with_any_degree_of_parallelism(ModelFamily family, CheckpointLayout layout, TensorDType dtype)
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        var one = SynthesizedCheckpoint.Tiny(first.Path, family, layout, dtype, seed: 1234, parallelism: 1);
        var other = SynthesizedCheckpoint.Tiny(second.Path, family, layout, dtype, seed: 1234, parallelism: 3);

        Assert.Equal(one.Files.Select(f => (f.RelativePath, f.Hashes.Sha256)), other.Files.Select(f => (f.RelativePath, f.Hashes.Sha256)));
    }

    [Fact]
    public void The_same_seed_gives_identical_bytes_when_tensors_span_many_parallel_chunks()
    {
        // The CLIP vocabulary makes the token embedding 49408 x 64: many chunks and batches, split over the threads.
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();

        var one = SynthesizedCheckpoint.Tiny(first.Path, ModelFamily.SD21, CheckpointLayout.SingleFile, seed: 5, parallelism: 1,
            tokenizer: SharedData.ClipTokenizerDirectory);
        var other = SynthesizedCheckpoint.Tiny(second.Path, ModelFamily.SD21, CheckpointLayout.SingleFile, seed: 5, parallelism: 2,
            tokenizer: SharedData.ClipTokenizerDirectory);

        Assert.Equal(one.Files.Select(f => f.Hashes), other.Files.Select(f => f.Hashes));
        Assert.True(one.Files[0].Size > 49408 * 64 * 4);
    }

    [Fact]
    public void Another_seed_changes_every_random_tensor_and_nothing_else()
    {
        using var first = new TemporaryDirectory();
        using var second = new TemporaryDirectory();
        var one = SynthesizedCheckpoint.Tiny(first.Path, ModelFamily.SD21, CheckpointLayout.SingleFile, seed: 1, optional: OptionalTensors.All);
        var other = SynthesizedCheckpoint.Tiny(second.Path, ModelFamily.SD21, CheckpointLayout.SingleFile, seed: 2, optional: OptionalTensors.All);

        using var a = SafetensorsFile.Open(one.OutputPath);
        using var b = SafetensorsFile.Open(other.OutputPath);
        string[] computed = [.. LatentDiffusionSchedule.BufferNames, "cond_stage_model.model.logit_scale", "model_ema.decay", "model_ema.num_updates"];
        Assert.Equal(a.Tensors, b.Tensors); // same names, shapes and offsets
        foreach (var tensor in a.Tensors)
        {
            var same = a.ReadBytes(tensor.Name).AsSpan().SequenceEqual(b.ReadBytes(tensor.Name));
            Assert.True(same == computed.Contains(tensor.Name), tensor.Name);
        }

        Assert.Equal(one.Files.Skip(1).Select(f => f.Hashes), other.Files.Skip(1).Select(f => f.Hashes)); // tokenizer files
    }
}
