namespace NotebookKit.Cli.Commands;

/// <summary>
/// The command a kernelspec runs to start this nbkit: the executable itself (the installed .NET tool's command or the
/// built apphost, which start without a build), or <c>dotnet nbkit.dll</c> when nbkit was started through the muxer.
/// </summary>
internal static class KernelLauncher
{
    public static IReadOnlyList<string> Current()
    {
        string process = Environment.ProcessPath
            ?? throw new InvalidOperationException("Cannot tell which program is running nbkit, so the kernelspec cannot name it.");
        string file = Path.GetFileNameWithoutExtension(process);
        if (file.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            string dll = Path.Combine(AppContext.BaseDirectory, "nbkit.dll");
            return [process, dll];
        }

        return [process];
    }
}
