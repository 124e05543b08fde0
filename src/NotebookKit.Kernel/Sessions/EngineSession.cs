namespace NotebookKit.Kernel.Sessions;

// TEMPORARY (not to be landed): replaced by the adapter over the engine's execution session.
internal static class EngineSession
{
    public static ICellSession Start(string directory, Action<string> log) => throw new NotImplementedException(directory + log);
}
