using QuickFix.Checkpoints;
using QuickFix.Checkpoints.Pickle;

namespace QuickFix.Tests.Checkpoints.Pickle;

/// <summary>
/// Checkpoints whose pickle would run <c>touch MARKER</c> in Python (a <c>__reduce__</c> returning <c>os.system</c>),
/// written by PyTorch in both formats: refused with the global named, and the marker never appears.
/// </summary>
public sealed class MaliciousCheckpointTests
{
    public static TheoryData<string> Files() => ["malicious.ckpt", "malicious-legacy.ckpt"];

    [Theory]
    [MemberData(nameof(Files))]
    public void Convert_refuses_the_global_by_name_and_runs_nothing(string name)
    {
        using var temp = new TemporaryDirectory();
        var fixture = CkptFixtures.Malicious(name);
        var marker = fixture.GetProperty("marker").GetString()!;
        File.Delete(marker);

        var error = Assert.Throws<PickleCheckpointException>(() => CheckpointConverter.Convert(CkptFixtures.Path(name), temp.File("out.safetensors")));

        Assert.Equal("QF1402", error.Code);
        Assert.Equal(PickleCheckpointError.ForbiddenGlobal, error.Reason);
        Assert.Equal(fixture.GetProperty("global").GetString(), error.Global);
        Assert.Contains("refused global 'posix.system'", error.Message, StringComparison.Ordinal);
        Assert.Equal(CkptFixtures.Path(name), error.FilePath);
        Assert.False(File.Exists(marker));
        Assert.Empty(Directory.EnumerateFileSystemEntries(temp.Path));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Opening_it_as_a_checkpoint_is_refused_the_same_way(string name)
    {
        var marker = CkptFixtures.Malicious(name).GetProperty("marker").GetString()!;
        File.Delete(marker);

        var error = Assert.Throws<PickleCheckpointException>(() => Checkpoint.Open(CkptFixtures.Path(name)));

        Assert.Equal("posix.system", error.Global);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public void The_refusal_names_where_the_global_is_in_the_pickle()
    {
        var error = Assert.Throws<PickleCheckpointException>(() => Checkpoint.Open(CkptFixtures.Path("malicious.ckpt")));

        // pickletools: "20: c GLOBAL 'posix system'" in malicious/data.pkl.
        Assert.Equal("malicious/data.pkl", error.Part);
        Assert.Equal(20, error.Offset);
        Assert.StartsWith("malicious/data.pkl, byte 20: refused global 'posix.system'", error.Message, StringComparison.Ordinal);
    }
}
