using BenchmarkDotNet.Running;

// Runs the BenchmarkDotNet suites in this assembly:
//   dotnet run -c Release --project tests/NotebookKit.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
