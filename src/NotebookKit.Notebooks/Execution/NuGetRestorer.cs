using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Files;

namespace NotebookKit.Notebooks.Execution;

/// <summary>
/// Restores the packages of <c>#r "nuget: ..."</c> through the .NET SDK (<c>dotnet restore</c> of a small generated
/// project) into a cache folder, and returns the assemblies to reference: each package's runtime assemblies for the
/// running framework, with their dependencies, minus what the framework itself provides. A restore done once is reused
/// (the cache key is the packages, the sources and the framework), so a second session starts without the SDK.
/// </summary>
public static partial class NuGetRestorer
{
    /// <summary>The cache folder: <c>NBKIT_NUGET_CACHE</c>, else <c>~/.cache/nbkit/nuget</c> (LocalApplicationData on Windows).</summary>
    public static string DefaultCacheRoot =>
        Environment.GetEnvironmentVariable("NBKIT_NUGET_CACHE") is { Length: > 0 } set ? Path.GetFullPath(set)
            : Path.Combine(OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "nbkit", "nuget");

    private static string Framework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    /// <summary>Restores <paramref name="packages"/> (from the default feeds plus <paramref name="sources"/>) and returns assembly paths.</summary>
    /// <param name="packages">The packages; at least one.</param>
    /// <param name="sources">Extra package sources from <c>#i "nuget: ..."</c> (feed URLs or local folders).</param>
    /// <param name="cacheRoot">Where restores are kept; <see cref="DefaultCacheRoot"/> when null.</param>
    /// <param name="cancellationToken">Stops the restore (the dotnet process is killed).</param>
    /// <exception cref="ArgumentException">A package id, version or source is not valid; the message names it.</exception>
    /// <exception cref="InvalidOperationException">The restore failed (offline, unknown package or version); the message names the
    /// package and the feeds and quotes NuGet's error.</exception>
    public static async Task<IReadOnlyList<string>> RestoreAsync(IReadOnlyList<NuGetPackageReference> packages, IReadOnlyList<string> sources,
        string? cacheRoot = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(packages);
        ArgumentNullException.ThrowIfNull(sources);
        if (packages.Count == 0)
        {
            throw new ArgumentException("No package to restore.", nameof(packages));
        }

        foreach (var package in packages)
        {
            Validate(package);
        }

        foreach (string source in sources)
        {
            if (string.IsNullOrWhiteSpace(source) || source.IndexOfAny(['<', '>', '&', '"', ';']) >= 0)
            {
                throw new ArgumentException($"#i \"nuget: {source}\" is not a package source (a feed URL or a folder).", nameof(sources));
            }
        }

        string key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join('\n', [Framework, .. packages.Select(p => $"{p.Id.ToLowerInvariant()}/{p.Version}"), .. sources]))))[..16];
        string folder = Path.Combine(cacheRoot ?? DefaultCacheRoot, key);
        string list = Path.Combine(folder, "assemblies.txt");
        if (File.Exists(list) && File.ReadAllLines(list) is { } cached && cached.All(File.Exists)
            && packages.All(p => p.Version is not null && !p.Version.Contains('*', StringComparison.Ordinal)))
        {
            return cached;
        }

        Directory.CreateDirectory(folder);
        // Stop MSBuild from importing any Directory.Build.* or central package versions from folders above the cache.
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(folder, "restore.csproj"), Project(packages, sources));

        var (exitCode, output) = await RunDotnetRestoreAsync(folder, cancellationToken).ConfigureAwait(false);
        string assets = Path.Combine(folder, "obj", "project.assets.json");
        if (exitCode != 0 || !File.Exists(assets))
        {
            var errors = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))
                .Select(l => ProjectPrefix().Replace(l, "").Replace($" [{Path.Combine(folder, "restore.csproj")}]", "", StringComparison.Ordinal))
                .Distinct(StringComparer.Ordinal).Take(5).ToList();
            string feeds = sources.Count == 0 ? "the feeds in your NuGet.Config (nuget.org by default)"
                : $"{string.Join(", ", sources)} and the feeds in your NuGet.Config";
            throw new InvalidOperationException(
                $"{string.Join(", ", packages)} could not be restored from {feeds}: " +
                (errors.Count > 0 ? string.Join(" ", errors) : $"dotnet restore exited with code {exitCode}.") +
                " Offline, add a folder that holds the .nupkg files with #i \"nuget: /path/to/folder\".");
        }

        var assemblies = ReadAssets(assets);
        AtomicFile.WriteAllText(list, string.Concat(assemblies.Select(a => a + Environment.NewLine)));
        return assemblies;
    }

    private static void Validate(NuGetPackageReference package)
    {
        if (!PackageId().IsMatch(package.Id ?? ""))
        {
            throw new ArgumentException($"{package}: \"{package.Id}\" is not a NuGet package id (letters, digits, '.', '_', '-').");
        }

        if (package.Version is { } version && !PackageVersion().IsMatch(version))
        {
            throw new ArgumentException($"{package}: \"{version}\" is not a NuGet version or range (e.g. 13.0.3, 13.*, [1.0,2.0)).");
        }
    }

    private static string Project(IReadOnlyList<NuGetPackageReference> packages, IReadOnlyList<string> sources)
    {
        var xml = new StringBuilder();
        xml.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        xml.AppendLine("  <PropertyGroup>");
        xml.AppendLine($"    <TargetFramework>{Framework}</TargetFramework>");
        xml.AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        xml.AppendLine("    <ImplicitUsings>disable</ImplicitUsings>");
        if (sources.Count > 0)
        {
            xml.AppendLine($"    <RestoreAdditionalProjectSources>{string.Join(';', sources.Select(System.Security.SecurityElement.Escape))}</RestoreAdditionalProjectSources>");
        }

        xml.AppendLine("  </PropertyGroup>");
        xml.AppendLine("  <ItemGroup>");
        foreach (var package in packages)
        {
            xml.AppendLine($"    <PackageReference Include=\"{package.Id}\" Version=\"{package.Version ?? "*"}\" />");
        }

        xml.AppendLine("  </ItemGroup>");
        xml.AppendLine("</Project>");
        return xml.ToString();
    }

    private static async Task<(int ExitCode, string Output)> RunDotnetRestoreAsync(string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "restore", "restore.csproj", "--nologo", "-v", "q" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet to restore NuGet packages.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }

    /// <summary>The dotnet host that runs this process (so the SDK beside it restores), else <c>dotnet</c> on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string candidate = Path.GetFullPath(Path.Combine(runtime, "..", "..", "..", OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet"));
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    /// <summary>Runtime assemblies of every package in the restore graph, skipping those the framework already has.</summary>
    private static List<string> ReadAssets(string assetsPath)
    {
        var assets = JsonNode.Parse(File.ReadAllText(assetsPath))!;
        string root = ((assets["packageFolders"] as JsonObject)?.Select(p => p.Key).FirstOrDefault())
            ?? throw new InvalidOperationException($"{assetsPath} names no package folder.");
        var target = (assets["targets"] as JsonObject)?.FirstOrDefault(t => !t.Key.Contains('/', StringComparison.Ordinal)).Value as JsonObject
            ?? throw new InvalidOperationException($"{assetsPath} has no target for {Framework}.");
        var framework = new HashSet<string>(
            Directory.EnumerateFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "*.dll").Select(Path.GetFileNameWithoutExtension)!,
            StringComparer.OrdinalIgnoreCase);
        var result = new List<string>();
        foreach (var (name, entry) in target)
        {
            if ((string?)entry?["type"] != "package" || entry["runtime"] is not JsonObject runtime)
            {
                continue;
            }

            string library = (string?)assets["libraries"]?[name]?["path"] ?? name.ToLowerInvariant();
            foreach (var (file, _) in runtime)
            {
                if (file.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !framework.Contains(Path.GetFileNameWithoutExtension(file)))
                {
                    result.Add(Path.GetFullPath(Path.Combine(root, library, file)));
                }
            }
        }

        return result;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}$")]
    private static partial Regex PackageId();

    [GeneratedRegex(@"^[0-9A-Za-z.\-+*\[\]\(\), ]{1,64}$")]
    private static partial Regex PackageVersion();

    [GeneratedRegex(@"^.*?restore\.csproj\s*:\s*")]
    private static partial Regex ProjectPrefix();
}
