namespace NotebookKit.Kernel.Kernelspecs;

/// <summary>How <c>nbkit kernel install</c> writes the kernelspec.</summary>
public sealed record KernelspecInstallOptions
{
    /// <summary>The kernel name; <c>.net-csharp</c> makes notebooks saved for the .NET kernel open with this one.</summary>
    public string Name { get; init; } = Kernelspec.DefaultName;

    /// <summary>The name front ends show in their kernel pickers.</summary>
    public string DisplayName { get; init; } = Kernelspec.DefaultDisplayName;

    /// <summary>Install into <c>PREFIX/share/jupyter/kernels</c> (e.g. a virtual environment) instead of the user's folder.</summary>
    public string? Prefix { get; init; }

    /// <summary>Replace a kernelspec of the same name that another kernel installed.</summary>
    public bool Force { get; init; }

    /// <summary>The command that starts nbkit (an executable, or <c>dotnet</c> and nbkit.dll); the kernelspec appends
    /// <c>kernel start {connection_file}</c>.</summary>
    public required IReadOnlyList<string> Launcher { get; init; }

    /// <summary>The nbkit version recorded in the kernelspec's metadata.</summary>
    public string Version { get; init; } = "";
}
