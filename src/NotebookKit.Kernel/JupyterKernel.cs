using System.Runtime.InteropServices;
using NotebookKit.Kernel.Protocol;
using NotebookKit.Notebooks.Execution;

namespace NotebookKit.Kernel;

/// <summary>
/// The kit's C# Jupyter kernel: binds the sockets a connection file names, serves the messaging protocol 5.3, and
/// runs cells on the notebook execution engine until a front end asks it to shut down.
/// </summary>
public static class JupyterKernel
{
    /// <summary>Runs the kernel until a <c>shutdown_request</c> (or <paramref name="cancellationToken"/>).</summary>
    /// <param name="connectionFile">The path Jupyter passes as <c>{connection_file}</c>.</param>
    /// <param name="implementationVersion">The version reported in <c>kernel_info_reply</c>.</param>
    /// <param name="log">Where the kernel's own diagnostics go (the front end's kernel log); never cell output.</param>
    /// <param name="cancellationToken">Stops the kernel.</param>
    /// <returns>0 after a shutdown request.</returns>
    /// <exception cref="InvalidDataException">The connection file is not valid; the message names the key.</exception>
    public static Task<int> RunAsync(string connectionFile, string implementationVersion, Action<string> log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        var connection = ConnectionInfo.Load(connectionFile);
        string directory = Environment.CurrentDirectory;
        return RunAsync(connection, () => ExecutionSession.StartAsync(new SessionOptions { WorkingDirectory = directory }, cancellationToken),
            implementationVersion, directory, log, cancellationToken);
    }

    internal static async Task<int> RunAsync(ConnectionInfo connection, Func<Task<IExecutionSession>> startSession, string implementationVersion,
        string workingDirectory, Action<string> log, CancellationToken cancellationToken)
    {
        var host = new KernelHost(connection, await startSession().ConfigureAwait(false), new KernelIdentity(implementationVersion), workingDirectory, log);
        await using (host.ConfigureAwait(false))
        {
            // Ctrl+C in a terminal that started the front end reaches the kernel too: treat it as an interrupt,
            // never as a reason to die (the kernelspec asks front ends to interrupt by message).
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
            {
                context.Cancel = true;
                host.Interrupt();
            });
            using var orphaned = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var watch = WatchParent(orphaned, log);
            await host.RunAsync(orphaned.Token).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>
    /// Ends the kernel when the front end that started it is gone (jupyter_client passes its process id in
    /// <c>JPY_PARENT_PID</c>), as ipykernel does: a crashed front end must not leave kernels and workers behind.
    /// </summary>
    private static Timer? WatchParent(CancellationTokenSource stop, Action<string> log)
    {
        if (!int.TryParse(Environment.GetEnvironmentVariable("JPY_PARENT_PID"), out int parent) || parent <= 1)
        {
            return null;
        }

        return new Timer(_ =>
        {
            if (!IsAlive(parent) && !stop.IsCancellationRequested)
            {
                log($"the front end (process {parent}) is gone; shutting down");
                stop.Cancel();
            }
        }, null, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2));

        static bool IsAlive(int pid)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return !process.HasExited;
            }
            catch (ArgumentException)
            {
                return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }
}
