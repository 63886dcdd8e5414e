using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Pickle;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary>Which entries of a checkpoint become tensors, which become metadata, and which are left out.</summary>
public sealed class StateDictSelectionTests
{
    private static readonly PickledTensor Weight = new(new StorageReference("0", SafetensorsDType.F32, "cpu", 4), 0, [4], [1]);

    private static PickleDict Dict(params (object Key, object? Value)[] entries)
    {
        var dict = new PickleDict();
        foreach (var (key, value) in entries)
        {
            dict.Set(key, value);
        }

        return dict;
    }

    [Fact]
    public void A_lightning_checkpoint_keeps_the_state_dict_tensors_and_the_scalars_beside_it()
    {
        var root = Dict(
            ("epoch", 3L), ("global_step", 470000L), ("lr", 1e-4), ("ema", true), ("version", "1.4.2"),
            ("state_dict", Dict(("model.w", Weight), ("model.nested", Dict()), ("step", 5L))),
            ("outside", Weight), ("callbacks", Dict()), (7L, 1L));

        var selection = StateDictSelection.Of(root, "x.ckpt");

        Assert.Equal(["model.w"], selection.Tensors.Select(t => t.Key));
        Assert.Same(Weight, selection.Tensors[0].Value);
        Assert.Equal(
            [new("ema", "True"), new("epoch", "3"), new("global_step", "470000"), new("lr", "0.0001"), new("version", "1.4.2")],
            selection.Scalars);
        Assert.Equal(["outside", "callbacks", "<int key>", "state_dict.model.nested", "state_dict.step"], selection.Dropped);
    }

    [Fact]
    public void A_bare_state_dict_is_its_own_state_dict()
    {
        var selection = StateDictSelection.Of(Dict(("w", Weight), ("epoch", 2L), ("opt", new List<object?>())), "x.pt");

        Assert.Equal(["w"], selection.Tensors.Select(t => t.Key));
        Assert.Equal([new("epoch", "2")], selection.Scalars);
        Assert.Equal(["opt"], selection.Dropped);
    }

    [Fact]
    public void No_tensors_is_an_error_listing_the_keys()
    {
        var error = Assert.Throws<PickleCheckpointException>(() => StateDictSelection.Of(Dict(("state_dict", Dict()), ("epoch", 1L)), "x.ckpt"));

        Assert.Equal("QF1406", error.Code);
        Assert.Equal("no tensors under 'state_dict' or at the top level (keys: state_dict, epoch)", error.Message);
    }

    [Fact]
    public void A_checkpoint_that_is_not_a_dict_is_no_state_dict()
    {
        var error = Assert.Throws<PickleCheckpointException>(() => StateDictSelection.Of(new List<object?> { Weight }, "x.ckpt"));

        Assert.Equal(PickleCheckpointError.NoTensors, error.Reason);
        Assert.Equal("the checkpoint holds a list, not a dict of tensors", error.Message);
    }
}
