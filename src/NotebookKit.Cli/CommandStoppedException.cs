namespace NotebookKit.Cli;

/// <summary>
/// A command stopped on request (SIGTERM, Ctrl-C) before its work was done; the message says, in the user's words,
/// where it stopped and what was kept. <see cref="CliApp.GuardAsync"/> prints it on one line and exits with 130.
/// </summary>
internal sealed class CommandStoppedException(string message, Exception? innerException = null)
    : OperationCanceledException(message, innerException);
