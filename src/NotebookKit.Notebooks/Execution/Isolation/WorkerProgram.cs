namespace NotebookKit.Notebooks.Execution.Isolation;

/// <summary>
/// The entry point of NotebookKit.Notebooks.dll when a supervisor starts it as a worker process
/// (<c>dotnet NotebookKit.Notebooks.dll --nbkit-worker PIPE</c>).
/// </summary>
internal static class WorkerProgram
{
    public static int Main(string[] args)
    {
        if (args is [WorkerProtocol.WorkerFlag, var pipe])
        {
            return WorkerHost.Run(pipe);
        }

        Console.Error.WriteLine("This is the notebook worker of nbkit; nbkit starts it itself (run `nbkit run` or `nbkit kernel`).");
        return 2;
    }
}
