namespace NotebookKit.Kernel.Kernelspecs;

/// <summary>A kernelspec found on Jupyter's search path.</summary>
/// <param name="Name">The kernel name (its folder name), e.g. <c>nbkit-csharp</c> or <c>.net-csharp</c>.</param>
/// <param name="Directory">The kernelspec folder (holds kernel.json).</param>
/// <param name="DisplayName">The <c>display_name</c> front ends show, or null when kernel.json does not parse.</param>
/// <param name="IsNbkit">True when this kit's <c>nbkit kernel install</c> wrote it.</param>
/// <param name="Argv">The command line the kernelspec starts.</param>
public sealed record InstalledKernelspec(string Name, string Directory, string? DisplayName, bool IsNbkit, IReadOnlyList<string> Argv);
