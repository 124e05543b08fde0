using System.Runtime.InteropServices;

namespace NotebookKit.Cli;

/// <summary>
/// SIGTERM and SIGINT for every command, handled once at the root: the first one cancels the token each command
/// receives, so long work (training, a range test, a sweep, a notebook's cell) stops at its next check and keeps only
/// what is complete; a second one ends the process at once (the signal's default action).
/// </summary>
/// <remarks>
/// Slurm (<c>scancel</c>, pre-emption, time limit), Kubernetes (eviction), <c>timeout</c> and service managers stop a
/// process with SIGTERM; a user presses Ctrl-C (SIGINT), which also reaches a process whose output is redirected.
/// Without this, .NET ends the process at once (exit 143 or 130) in the middle of whatever it was writing.
/// <c>nbkit kernel start</c> keeps SIGINT for itself (<see cref="PassInterrupts"/>): Jupyter front ends send it to
/// interrupt the running cell, not to end the kernel.
/// </remarks>
internal sealed class StopSignals : IDisposable
{
    private static int interruptsPassed;
    private static int received;

    private readonly CancellationTokenSource stop = new();
    private readonly PosixSignalRegistration terminate;
    private readonly PosixSignalRegistration interrupt;

    /// <summary>Starts handling both signals.</summary>
    public StopSignals()
    {
        terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
    }

    /// <summary>Cancelled by the first SIGTERM or SIGINT.</summary>
    public CancellationToken Token => stop.Token;

    /// <summary>The signal that asked this process to stop (<c>SIGTERM</c> or <c>SIGINT</c>), or null when none did.</summary>
    public static string? Received => Volatile.Read(ref received) switch
    {
        0 => null,
        var s => ((PosixSignal)s).ToString(),
    };

    /// <summary>
    /// Until the returned object is disposed, SIGINT is left to handlers of the command's own (SIGTERM still stops).
    /// </summary>
    public static IDisposable PassInterrupts()
    {
        Interlocked.Increment(ref interruptsPassed);
        return new Passing();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        terminate.Dispose();
        interrupt.Dispose();
        stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (context.Signal == PosixSignal.SIGINT && Volatile.Read(ref interruptsPassed) > 0)
        {
            return;
        }

        // The first signal asks for a clean stop; a second one keeps the default action and ends the process at once.
        if (Interlocked.CompareExchange(ref received, (int)context.Signal, 0) == 0)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private sealed class Passing : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                Interlocked.Decrement(ref interruptsPassed);
            }
        }
    }
}
