using System.CommandLine;
using NotebookKit.Kernel;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit kernel start CONNECTION_FILE</c>: runs the C# kernel. Jupyter front ends run this through the kernelspec;
/// people rarely do.
/// </summary>
internal sealed class KernelStartCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["kernel", "start"];

    public Command Create()
    {
        var connection = new Argument<string>("connection-file") { Description = "The Jupyter connection file ({connection_file} in kernel.json)." };
        var command = new Command("start", "Run the C# Jupyter kernel on the sockets a connection file names (front ends do this through the kernelspec).");
        command.Arguments.Add(connection);
        command.SetAction((parse, cancellationToken) => CliApp.GuardAsync(async () =>
        {
            // SIGINT interrupts the running cell (the kernel's own handler); SIGTERM still shuts the kernel down cleanly.
            using var interrupts = StopSignals.PassInterrupts();
            return await JupyterKernel.RunAsync(parse.GetValue(connection)!, CliApp.VersionOf(typeof(KernelStartCommand).Assembly),
                message => Console.Error.WriteLine($"[nbkit kernel] {message}"), cancellationToken).ConfigureAwait(false);
        }));
        return command;
    }
}
