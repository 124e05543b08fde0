using System.CommandLine;
using NotebookKit.Optim.Traces;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit schedule trace FILE</c>: the learning rate (and momentum) a scheduler spec produces, step by step.</summary>
internal sealed class ScheduleTraceCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["schedule", "trace"];

    public Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "A JSON spec, or a JSON array of specs: lr, optimizer, scheduler, steps, metrics (see docs/schedules.md)." };
        var command = new Command("trace", "Trace the learning rate of scheduler specs, PyTorch 1.13 semantics: prints JSON, one result per spec.");
        command.Arguments.Add(file);
        command.SetAction(parseResult => CliApp.Guard(() =>
        {
            // A key written twice fails only its own spec's slot, so the file is parsed without that check.
            var document = CliJson.ReadFile(parseResult.GetValue(file)!, rejectDuplicateKeys: false);
            Console.WriteLine(ScheduleTrace.Run(document).ToJsonString(CliJson.Output));
            return 0;
        }));
        return command;
    }
}
