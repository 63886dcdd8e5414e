using QuickFix.Runtime;
using TorchSharp;

namespace QuickFix.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void Loads_the_native_backend_and_runs_a_real_operation()
    {
        TorchRuntime.EnsureLoaded();
        using var scope = torch.NewDisposeScope();

        var a = torch.tensor(new double[] { 4, 1, 1, 3 }, [2, 2]);
        var b = torch.tensor(new double[] { 1, 2 }, [2]);
        var x = torch.linalg.solve(a, b);

        // 4x + y = 1, x + 3y = 2  =>  x = 1/11, y = 7/11
        Assert.Equal(1.0 / 11, x[0].item<double>(), 12);
        Assert.Equal(7.0 / 11, x[1].item<double>(), 12);
    }

    [Fact]
    public void Patches_only_where_the_system_library_lacks_the_version()
    {
        var info = TorchRuntime.EnsureLoaded();

        Assert.Equal(!TorchRuntime.SystemLibStdCxxHasRequiredVersion(), info.Patched);
        if (info.Patched)
        {
            Assert.True(File.Exists(info.LibraryPath));
        }
    }
}
