using System.CommandLine;
using System.Text.Json.Nodes;
using NotebookKit.Kernel.Kernelspecs;

namespace NotebookKit.Cli.Commands;

/// <summary><c>nbkit kernel list [--prefix DIR] [--json]</c>: the kernelspecs Jupyter would find, marking the kit's own.</summary>
internal sealed class KernelListCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["kernel", "list"];

    public Command Create()
    {
        var prefix = new Option<string?>("--prefix") { Description = "Also search PREFIX/share/jupyter/kernels (first)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON array instead of a table." };
        var command = new Command("list", "List the Jupyter kernelspecs on this machine; '*' marks the ones nbkit installed.");
        command.Options.Add(prefix);
        command.Options.Add(json);
        command.SetAction(parse => CliApp.Guard(() =>
        {
            string? dir = KernelOptions.Prefix(false, parse.GetValue(prefix));
            var specs = Kernelspec.List(dir is null ? null : [JupyterPaths.PrefixDataDirectory(dir)]);
            if (parse.GetValue(json))
            {
                var array = new JsonArray([.. specs.Select(s => (JsonNode)new JsonObject
                {
                    ["name"] = s.Name,
                    ["display_name"] = s.DisplayName,
                    ["path"] = s.Directory,
                    ["nbkit"] = s.IsNbkit,
                    ["argv"] = new JsonArray([.. s.Argv.Select(a => (JsonNode)JsonValue.Create(a))]),
                })]);
                Console.WriteLine(array.ToJsonString(CliJson.Output));
                return 0;
            }

            if (specs.Count == 0)
            {
                Console.WriteLine("No kernelspecs found. Install this kit's with: nbkit kernel install");
                return 0;
            }

            int width = specs.Max(s => s.Name.Length);
            Console.WriteLine("Available kernels (* = nbkit):");
            foreach (var spec in specs)
            {
                Console.WriteLine($" {(spec.IsNbkit ? '*' : ' ')} {spec.Name.PadRight(width)}  {spec.Directory}  {spec.DisplayName}");
            }

            return 0;
        }));
        return command;
    }
}
