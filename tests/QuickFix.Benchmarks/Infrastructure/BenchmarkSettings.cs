using BenchmarkDotNet.Configs;

namespace QuickFix.Benchmarks.Infrastructure;

/// <summary>The command-line conventions of this project (see Program.cs) and the configuration every benchmark shares.</summary>
public static class BenchmarkSettings
{
    private const string Quick = "--quick";
    private const string OutOfProcess = "--outOfProcess";

    /// <summary>BenchmarkDotNet's arguments for <paramref name="args"/>: <c>--quick</c> becomes <c>--job short</c>, and <c>--inProcess</c> is added unless <c>--outOfProcess</c> is given.</summary>
    public static string[] Arguments(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>();
        foreach (var argument in args)
        {
            if (argument == Quick)
            {
                result.AddRange(["--job", "short"]);
            }
            else if (argument != OutOfProcess)
            {
                result.Add(argument);
            }
        }

        if (!args.Contains(OutOfProcess) && !args.Contains("--inProcess"))
        {
            result.Add("--inProcess");
        }

        return [.. result];
    }

    /// <summary>The default configuration plus a throughput column for benchmarks that declare their bytes.</summary>
    public static IConfig Config() => ManualConfig.Create(DefaultConfig.Instance).AddColumn(new ThroughputColumn());
}
