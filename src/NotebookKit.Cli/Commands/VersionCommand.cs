using System.CommandLine;
using System.Runtime.InteropServices;
using System.Text.Json;
using NotebookKit.Simd;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit version</c>: the kit, runtime and machine, as JSON.</summary>
internal sealed class VersionCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["version"];

    public Command Create()
    {
        var command = new Command("version", "Print the NotebookKit, .NET and machine versions as JSON.");
        command.SetAction(_ =>
        {
            var info = new
            {
                notebookkit = CliApp.VersionOf(typeof(NotebookKit.Schedules.ISchedule).Assembly),
                dotnet = RuntimeInformation.FrameworkDescription,
                os = RuntimeInformation.OSDescription,
                architecture = RuntimeInformation.ProcessArchitecture.ToString(),
                processors = Environment.ProcessorCount,
                vector512 = SimdDispatch.HasVector512,
                vector256 = SimdDispatch.HasVector256,
            };
            Console.WriteLine(JsonSerializer.Serialize(info));
            return 0;
        });
        return command;
    }
}
