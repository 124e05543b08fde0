using System.CommandLine;
using NotebookKit.Optim.Traces;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit optim trace FILE</c>: every parameter tensor after every optimizer step, in float32 (docs/optimizers.md).</summary>
internal sealed class OptimTraceCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["optim", "trace"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON spec: optimizer, params, grads and optionally scheduler (see docs/optimizers.md)." };
        var command = new Command("trace", "Run an optimizer on given parameters and per-step gradients; print every tensor after every step as JSON.");
        command.Arguments.Add(file);
        command.SetAction(parseResult => CliApp.Guard(() =>
        {
            Console.WriteLine(OptimizerTrace.Run(CliJson.ReadFile(parseResult.GetValue(file)!)));
            return 0;
        }));
        return command;
    }
}
