namespace NotebookKit.Notebooks.Execution;

/// <summary>How a cell's execution ended.</summary>
public enum ExecutionStatus
{
    /// <summary>The cell ran to its end.</summary>
    Succeeded,

    /// <summary>The cell threw, did not compile, or used something the engine cannot honour.</summary>
    Failed,

    /// <summary>The cell was stopped by <see cref="IExecutionSession.Interrupt"/> or its cancellation token.</summary>
    Interrupted,

    /// <summary>The cell ran past <see cref="ExecutionRequest.Timeout"/> and was stopped.</summary>
    TimedOut,

    /// <summary>The worker process died while the cell ran (stack overflow, <c>Environment.Exit</c>, a fatal error); the
    /// session was restarted.</summary>
    Crashed,
}
