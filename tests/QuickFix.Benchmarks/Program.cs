// Micro-benchmarks of the engine's hot parts; the end-to-end figures come from tests/bench/run.sh.
//   dotnet run -c Release --project tests/QuickFix.Benchmarks -- --filter '*' --job short     (a few minutes)
//   dotnet run -c Release --project tests/QuickFix.Benchmarks -- --filter '*Hash*'            (default job: precise)
//   --quick is short for --job short. The benchmarks run in the host process (BenchmarkDotNet's --inProcess), because
//   an out-of-process run builds a generated project that copies libtorch's 500 MB of natives each time; pass
//   --outOfProcess to have BenchmarkDotNet's default isolation anyway.
using BenchmarkDotNet.Running;
using QuickFix.Benchmarks.Infrastructure;

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkSettings).Assembly).Run(BenchmarkSettings.Arguments(args), BenchmarkSettings.Config());
