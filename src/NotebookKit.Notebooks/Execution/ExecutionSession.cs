using NotebookKit.Notebooks.Execution.Isolation;

namespace NotebookKit.Notebooks.Execution;

/// <summary>Starts <see cref="IExecutionSession"/>s: each runs its cells in a worker process of its own.</summary>
public static class ExecutionSession
{
    /// <summary>Starts a worker process and returns its session once the worker is connected (it then loads the C#
    /// compiler in the background, so the first cell starts warm).</summary>
    /// <param name="options">Working directory, notebook path and interrupt grace; defaults when null.</param>
    /// <param name="cancellationToken">Abandons the start.</param>
    /// <exception cref="InvalidOperationException">The worker process could not start (the message says why).</exception>
    public static async Task<IExecutionSession> StartAsync(SessionOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SessionOptions();
        if (options.InterruptGrace <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "SessionOptions.InterruptGrace must be positive.");
        }

        return await WorkerSession.StartAsync(options, cancellationToken).ConfigureAwait(false);
    }
}
