using System.CommandLine;
using NotebookKit.Kernel.Kernelspecs;

namespace NotebookKit.Cli.Commands;

/// <summary>
/// <c>nbkit kernel install [--user | --prefix DIR] [--name NAME] [--display-name TEXT] [--force]</c>: writes the
/// kernelspec Jupyter front ends use to start the kit's C# kernel.
/// </summary>
internal sealed class KernelInstallCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["kernel", "install"];

    public Command Create()
    {
        var user = new Option<bool>("--user")
        {
            Description = "Install for the current user (the default): ~/.local/share/jupyter/kernels on Linux.",
        };
        var prefix = new Option<string?>("--prefix")
        {
            Description = "Install into PREFIX/share/jupyter/kernels (a virtual environment, a conda env, a JupyterHub image).",
        };
        var name = new Option<string>("--name")
        {
            DefaultValueFactory = _ => Kernelspec.DefaultName,
            Description = "Kernel name. '.net-csharp' makes notebooks saved for the deprecated .NET kernel open with this one.",
        };
        var displayName = new Option<string>("--display-name")
        {
            DefaultValueFactory = _ => Kernelspec.DefaultDisplayName,
            Description = "The name kernel pickers show.",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace a kernelspec of the same name that another kernel installed.",
        };
        var command = new Command("install", "Install the C# kernel's kernelspec for Jupyter front ends (VS Code, JupyterLab, Notebook).");
        command.Options.Add(user);
        command.Options.Add(prefix);
        command.Options.Add(name);
        command.Options.Add(displayName);
        command.Options.Add(force);
        command.SetAction(parse => CliApp.Guard(() =>
        {
            string? dir = KernelOptions.Prefix(parse.GetValue(user), parse.GetValue(prefix));
            string folder = Kernelspec.Install(new KernelspecInstallOptions
            {
                Name = parse.GetValue(name)!,
                DisplayName = parse.GetValue(displayName)!,
                Prefix = dir,
                Force = parse.GetValue(force),
                Launcher = KernelLauncher.Current(),
                Version = CliApp.VersionOf(typeof(KernelInstallCommand).Assembly),
            });
            Console.WriteLine($"Installed kernelspec {parse.GetValue(name)} in {folder}");
            return 0;
        }));
        return command;
    }
}
