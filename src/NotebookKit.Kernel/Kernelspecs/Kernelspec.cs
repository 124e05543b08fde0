using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Kernel.Kernelspecs;

/// <summary>
/// Installs, lists and removes the kernelspec (a folder with kernel.json and logos) through which Jupyter front ends
/// start this kernel: <c>argv</c> runs <c>nbkit kernel start {connection_file}</c>, <c>language</c> is
/// <c>csharp</c>, and <c>interrupt_mode</c> is <c>message</c> (interrupts arrive on the control channel).
/// </summary>
public static partial class Kernelspec
{
    /// <summary>The kernel name used when none is given.</summary>
    public const string DefaultName = "nbkit-csharp";

    /// <summary>The display name used when none is given.</summary>
    public const string DefaultDisplayName = "C# (NotebookKit)";

    /// <summary>The metadata key that marks a kernelspec as this kit's.</summary>
    private const string MetadataKey = "nbkit";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The folder a kernelspec of <paramref name="name"/> goes to: the user's, or the prefix's.</summary>
    public static string Location(string name, string? prefix) =>
        Path.Combine(prefix is null ? JupyterPaths.UserDataDirectory : JupyterPaths.PrefixDataDirectory(prefix), "kernels", name);

    /// <summary>Writes the kernelspec; returns its folder. An existing kernelspec of this kit is replaced.</summary>
    /// <exception cref="ArgumentException">The name or display name breaks Jupyter's rules, or the launcher is empty.</exception>
    /// <exception cref="InvalidOperationException">Another kernel's kernelspec has the name and <see cref="KernelspecInstallOptions.Force"/> is off.</exception>
    public static string Install(KernelspecInstallOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateName(options.Name);
        if (string.IsNullOrWhiteSpace(options.DisplayName))
        {
            throw new ArgumentException("The display name (--display-name) must not be empty.", nameof(options));
        }

        if (options.Launcher.Count == 0 || options.Launcher.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("The command that starts nbkit is empty.", nameof(options));
        }

        string target = Location(options.Name, options.Prefix);
        if (Directory.Exists(target) && !options.Force && Read(options.Name, target) is { IsNbkit: false } other)
        {
            throw new InvalidOperationException(
                $"A kernelspec named \"{options.Name}\" is already installed at {target} and starts another kernel ({string.Join(' ', other.Argv)}). " +
                "Pass --force to replace it, or choose another --name.");
        }

        string kernels = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(kernels);

        // Written beside the target and moved into place, so a front end never sees half a kernelspec.
        string staging = Path.Combine(kernels, $".{options.Name}.{Guid.NewGuid():N}.tmp");
        Directory.CreateDirectory(staging);
        try
        {
            var spec = new JsonObject
            {
                ["argv"] = new JsonArray([.. options.Launcher.Concat(["kernel", "start", "{connection_file}"]).Select(a => (JsonNode)JsonValue.Create(a))]),
                ["display_name"] = options.DisplayName,
                ["language"] = "csharp",
                ["interrupt_mode"] = "message",
                ["metadata"] = new JsonObject
                {
                    ["debugger"] = false,
                    [MetadataKey] = new JsonObject { ["version"] = options.Version },
                },
            };
            File.WriteAllText(Path.Combine(staging, "kernel.json"), spec.ToJsonString(Indented) + "\n");
            foreach (string logo in new[] { "logo-32x32.png", "logo-64x64.png", "logo-svg.svg" })
            {
                using var resource = typeof(Kernelspec).Assembly.GetManifestResourceStream($"NotebookKit.Kernel.Logo.{logo}")
                    ?? throw new InvalidOperationException($"The kernel's logo {logo} is missing from this build.");
                using var file = File.Create(Path.Combine(staging, logo));
                resource.CopyTo(file);
            }

            if (Directory.Exists(target))
            {
                string old = staging + ".old";
                Directory.Move(target, old);
                Directory.Move(staging, target);
                Directory.Delete(old, recursive: true);
            }
            else
            {
                Directory.Move(staging, target);
            }
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return target;
    }

    /// <summary>Removes the kernelspec <paramref name="name"/> from the user's folder or the prefix; returns its folder.</summary>
    /// <exception cref="InvalidOperationException">There is none, or it belongs to another kernel and <paramref name="force"/> is off.</exception>
    public static string Uninstall(string name, string? prefix, bool force)
    {
        ValidateName(name);
        string target = Location(name, prefix);
        if (!Directory.Exists(target))
        {
            throw new InvalidOperationException($"No kernelspec named \"{name}\" is installed at {target}." +
                (prefix is null ? " (Installed with --prefix? Pass the same --prefix.)" : ""));
        }

        if (!force && Read(name, target) is { IsNbkit: false } other)
        {
            throw new InvalidOperationException(
                $"The kernelspec \"{name}\" at {target} starts another kernel ({string.Join(' ', other.Argv)}), not nbkit; pass --force to remove it anyway.");
        }

        Directory.Delete(target, recursive: true);
        return target;
    }

    /// <summary>Every kernelspec on Jupyter's search path (the first of each name wins, as in Jupyter), by name.</summary>
    /// <param name="extraDataDirectories">Further data folders to search first (e.g. a <c>--prefix</c>'s).</param>
    public static IReadOnlyList<InstalledKernelspec> List(IEnumerable<string>? extraDataDirectories = null)
    {
        var found = new Dictionary<string, InstalledKernelspec>(StringComparer.Ordinal);
        foreach (string data in (extraDataDirectories ?? []).Concat(JupyterPaths.SearchPath()))
        {
            string kernels = Path.Combine(data, "kernels");
            if (!Directory.Exists(kernels))
            {
                continue;
            }

            foreach (string folder in Directory.EnumerateDirectories(kernels).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(folder);
                bool staging = name.StartsWith('.') && (name.EndsWith(".tmp", StringComparison.Ordinal) || name.EndsWith(".tmp.old", StringComparison.Ordinal));
                if (!staging && File.Exists(Path.Combine(folder, "kernel.json")) && !found.ContainsKey(name))
                {
                    found[name] = Read(name, folder);
                }
            }
        }

        return [.. found.Values.OrderBy(k => k.Name, StringComparer.Ordinal)];
    }

    private static InstalledKernelspec Read(string name, string folder)
    {
        try
        {
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json"))) as JsonObject;
            var argv = (spec?["argv"] as JsonArray)?.Select(a => a?.GetValueKind() == JsonValueKind.String ? (string)a! : "").ToList() ?? [];
            bool ours = spec?["metadata"]?[MetadataKey] is JsonObject;
            return new InstalledKernelspec(name, folder, spec?["display_name"]?.GetValueKind() == JsonValueKind.String ? (string?)spec["display_name"] : null, ours, argv);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            return new InstalledKernelspec(name, folder, null, false, []);
        }
    }

    private static void ValidateName(string name)
    {
        if (string.IsNullOrEmpty(name) || !KernelName().IsMatch(name) || name.Trim('.').Length == 0)
        {
            throw new ArgumentException(
                $"The kernel name (--name) \"{name}\" is not valid: Jupyter allows letters, digits, '.', '_' and '-' only (e.g. nbkit-csharp, .net-csharp).");
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9._-]+$")]
    private static partial Regex KernelName();
}
