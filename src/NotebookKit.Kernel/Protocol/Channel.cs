namespace NotebookKit.Kernel.Protocol;

/// <summary>The kernel's sockets that carry signed messages (the heartbeat carries raw pings).</summary>
internal enum Channel
{
    /// <summary>Requests from front ends and their replies.</summary>
    Shell,

    /// <summary>Interrupt and shutdown; served while the shell is busy.</summary>
    Control,

    /// <summary>Outputs and status, broadcast to every front end.</summary>
    Iopub,

    /// <summary>Input requests to the front end that sent the running cell.</summary>
    Stdin,
}
