using System.Diagnostics;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>
/// The kernel as a student installs it: <c>nbkit kernel install --prefix TMP</c> (the built nbkit next to the tests)
/// under the kit's default name and as <c>.net-csharp</c>; clients find it through <c>JUPYTER_PATH</c>. Jupyter's
/// runtime files (connection files) go to a temp folder too.
/// </summary>
public sealed class InstalledKernel : IDisposable
{
    public const string TestKernelName = "nbkit-csharp";

    public InstalledKernel()
    {
        Prefix = Directory.CreateTempSubdirectory("nbkit-kernel-prefix-").FullName;
        foreach (string name in new[] { TestKernelName, ".net-csharp" })
        {
            var result = Nbkit("kernel", "install", "--prefix", Prefix, "--name", name);
            if (result.ExitCode != 0)
            {
                throw new InvalidOperationException($"nbkit kernel install failed ({result.ExitCode}): {result.Stderr}");
            }
        }

        Directory.CreateDirectory(Path.Combine(Prefix, "runtime"));
    }

    public string Prefix { get; }

    public string DataDirectory => Path.Combine(Prefix, "share", "jupyter");

    /// <summary>The environment a Jupyter client needs to find the kernelspec (and nothing of the user's).</summary>
    public Dictionary<string, string> Environment(string kernelName = TestKernelName) => new()
    {
        ["JUPYTER_PATH"] = DataDirectory,
        ["JUPYTER_RUNTIME_DIR"] = Path.Combine(Prefix, "runtime"),
        ["JUPYTER_CONFIG_DIR"] = Path.Combine(Prefix, "config"),
        ["JUPYTER_DATA_DIR"] = Path.Combine(Prefix, "userdata"),
        ["IPYTHONDIR"] = Path.Combine(Prefix, "ipython"),
        ["NBKIT_KERNEL_NAME"] = kernelName,
        ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1",
    };

    /// <summary>Runs the built nbkit: its apphost when there is one (what the kernelspec then names), else through dotnet.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Nbkit(params string[] args)
    {
        string apphost = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "nbkit.exe" : "nbkit");
        var start = File.Exists(apphost) ? new ProcessStartInfo(apphost) : new ProcessStartInfo("dotnet");
        if (!File.Exists(apphost))
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "nbkit.dll"));
        }

        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"nbkit {string.Join(' ', args)} did not finish.");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Prefix, recursive: true);
        }
        catch (IOException)
        {
            // A kernel still closing may hold a file for a moment; a leftover temp folder is harmless.
        }
    }
}

/// <summary>The tests that start real Jupyter clients share one installed kernelspec and run one at a time (2 cores).</summary>
[CollectionDefinition(Name)]
public sealed class RealClientsCollection : ICollectionFixture<InstalledKernel>
{
    public const string Name = "Real Jupyter clients";
}
