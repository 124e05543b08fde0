using System.CommandLine;
using NotebookKit.Kernel.Kernelspecs;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit kernel uninstall [--user | --prefix DIR] [--name NAME] [--force]</c>: removes the kernelspec.</summary>
internal sealed class KernelUninstallCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["kernel", "uninstall"];

    public Command Create()
    {
        var user = new Option<bool>("--user") { Description = "Remove it from the current user's kernels (the default)." };
        var prefix = new Option<string?>("--prefix") { Description = "Remove it from PREFIX/share/jupyter/kernels." };
        var name = new Option<string>("--name")
        {
            DefaultValueFactory = _ => Kernelspec.DefaultName,
            Description = "Kernel name, as given to install.",
        };
        var force = new Option<bool>("--force") { Description = "Remove it even if another kernel installed it." };
        var command = new Command("uninstall", "Remove a kernelspec that `nbkit kernel install` wrote.");
        command.Options.Add(user);
        command.Options.Add(prefix);
        command.Options.Add(name);
        command.Options.Add(force);
        command.SetAction(parse => CliApp.Guard(() =>
        {
            string folder = Kernelspec.Uninstall(parse.GetValue(name)!, KernelOptions.Prefix(parse.GetValue(user), parse.GetValue(prefix)), parse.GetValue(force));
            Console.WriteLine($"Removed kernelspec {parse.GetValue(name)} from {folder}");
            return 0;
        }));
        return command;
    }
}
