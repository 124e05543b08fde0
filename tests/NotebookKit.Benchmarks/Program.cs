using System.Globalization;
using BenchmarkDotNet.Running;
using NotebookKit.Benchmarks.Notebooks;

// Runs the BenchmarkDotNet suites in this assembly:
//   dotnet run -c Release --project tests/NotebookKit.Benchmarks -- --filter '*'
// or the notebook engine's interrupt latency (not a BenchmarkDotNet suite: one session, a cell stopped per round):
//   dotnet run -c Release --project tests/NotebookKit.Benchmarks -- interrupt-latency [rounds]
if (args is ["interrupt-latency", ..])
{
    return await InterruptLatency.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
