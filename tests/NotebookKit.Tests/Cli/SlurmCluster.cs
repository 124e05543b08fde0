using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NotebookKit.Tests.Cli;

/// <summary>
/// A single-node Slurm cluster on 127.0.0.1 for one test: munged, slurmctld and slurmd (Debian's <c>munge</c> and
/// <c>slurm-wlm</c>) started as background processes with a generated <c>slurm.conf</c> in a temp folder, on free
/// ports, with <c>ProctrackType=proctrack/linuxproc</c> and no cgroups; stopped by process id on dispose.
/// </summary>
public sealed class SlurmCluster : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);

    private readonly List<Process> daemons = [];
    private readonly Dictionary<string, StringBuilder> consoles = new(StringComparer.Ordinal);
    private readonly string folder;

    private SlurmCluster(string folder)
    {
        this.folder = folder;
        ConfigPath = Path.Combine(folder, "slurm.conf");
    }

    /// <summary>The generated slurm.conf; clients find it through <c>SLURM_CONF</c>.</summary>
    public string ConfigPath { get; }

    /// <summary>
    /// Starts the cluster and waits until its node is idle, or returns null and says exactly why it could not
    /// (a missing program, a daemon that exited, with the end of its log).
    /// </summary>
    public static SlurmCluster? TryStart(out string whyNot)
    {
        if (!OperatingSystem.IsLinux())
        {
            whyNot = "Slurm's daemons run on Linux only.";
            return null;
        }

        foreach (string program in new[] { "munged", "slurmctld", "slurmd", "sbatch", "sinfo" })
        {
            if (Which(program) is null)
            {
                whyNot = $"{program} is not on PATH: install the Debian packages slurm-wlm and munge (tools/test.sh installs them).";
                return null;
            }
        }

        var cluster = new SlurmCluster(Directory.CreateTempSubdirectory("nbkit-slurm-").FullName);
        try
        {
            whyNot = cluster.Start();
            if (whyNot.Length == 0)
            {
                return cluster;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            whyNot = $"starting the daemons failed: {e.Message}";
        }

        cluster.Dispose();
        return null;
    }

    /// <summary>Runs a Slurm client command (sbatch, squeue, scancel, ...) against this cluster.</summary>
    public (int ExitCode, string Stdout, string Stderr) Client(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(Which(program) ?? program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["SLURM_CONF"] = ConfigPath;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, stdout.Result, stderr.Result + $"\n{program} did not finish within {(timeout ?? TimeSpan.FromSeconds(60)).TotalSeconds} s");
        }

        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>The end of the daemons' logs, for failure messages.</summary>
    public string Logs() =>
        string.Join("\n", new[] { "munged.log", "slurmctld.log", "slurmd.log" }.Select(name => $"--- {name}\n{Tail(Path.Combine(folder, name))}")) +
        string.Concat(consoles.Select(c => $"\n--- {c.Key} console\n{Snapshot(c.Value)}"));

    /// <summary>Stops the daemons by process id (SIGTERM, then SIGKILL after 10 s) and deletes the folder.</summary>
    public void Dispose()
    {
        foreach (var daemon in Enumerable.Reverse(daemons))
        {
            try
            {
                if (!daemon.HasExited)
                {
                    using var kill = Process.Start("kill", ["-TERM", daemon.Id.ToString(CultureInfo.InvariantCulture)]);
                    kill.WaitForExit();
                    if (!daemon.WaitForExit(TimeSpan.FromSeconds(10)))
                    {
                        daemon.Kill();
                        daemon.WaitForExit();
                    }
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            daemon.Dispose();
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private string Start()
    {
        string user = Environment.UserName;
        string host = ShortHostName();
        string key = Path.Combine(folder, "munge.key");
        string socket = Path.Combine(folder, "munge.socket");
        File.WriteAllBytes(key, RandomNumberGenerator(1024));
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        foreach (string sub in new[] { "state", "spool" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
        }

        int controllerPort = FreePort();
        int nodePort = FreePort();
        File.WriteAllText(ConfigPath, $"""
            ClusterName=nbkit-test
            SlurmctldHost={host}(127.0.0.1)
            SlurmctldPort={controllerPort}
            SlurmdPort={nodePort}
            SlurmUser={user}
            SlurmdUser={user}
            AuthType=auth/munge
            CredType=cred/munge
            AuthInfo=socket={socket}
            StateSaveLocation={folder}/state
            SlurmdSpoolDir={folder}/spool
            SlurmctldPidFile={folder}/slurmctld.pid
            SlurmdPidFile={folder}/slurmd.pid
            SlurmctldLogFile={folder}/slurmctld.log
            SlurmdLogFile={folder}/slurmd.log
            ProctrackType=proctrack/linuxproc
            TaskPlugin=task/none
            JobAcctGatherType=jobacct_gather/none
            AccountingStorageType=accounting_storage/none
            JobCompType=jobcomp/none
            MpiDefault=none
            MailProg=/bin/true
            SchedulerType=sched/backfill
            SelectType=select/cons_tres
            SelectTypeParameters=CR_CPU
            ReturnToService=2
            SlurmdParameters=config_overrides
            MinJobAge=300
            NodeName={host} NodeAddr=127.0.0.1 CPUs={Environment.ProcessorCount} State=UNKNOWN
            PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP

            """);

        // munged refuses keys and sockets that others can read unless forced; the folder is private to this user.
        if (Launch("munged", ["--foreground", "--force", $"--key-file={key}", $"--socket={socket}", $"--pid-file={folder}/munged.pid", $"--log-file={folder}/munged.log", $"--seed-file={folder}/munged.seed"]) is { } munge)
        {
            return munge;
        }

        if (!WaitFor(() => File.Exists(socket), TimeSpan.FromSeconds(30)))
        {
            return $"munged did not create its socket within 30 s.\n{Logs()}";
        }

        if (Launch("slurmctld", ["-D", "-f", ConfigPath]) is { } controller)
        {
            return controller;
        }

        if (Launch("slurmd", ["-D", "-f", ConfigPath, "-N", host]) is { } node)
        {
            return node;
        }

        string state = "";
        bool ready = WaitFor(
            () =>
            {
                if (daemons.FirstOrDefault(d => d.HasExited) is not null)
                {
                    return true;
                }

                state = Client("sinfo", ["-h", "-o", "%T"], timeout: TimeSpan.FromSeconds(20)).Stdout.Trim();
                return state == "idle";
            },
            ReadyTimeout);
        if (daemons.FirstOrDefault(d => d.HasExited) is { } dead)
        {
            return $"{dead.StartInfo.FileName} exited with code {dead.ExitCode} during start-up.\n{Logs()}";
        }

        return ready ? "" : $"the node did not become idle within {ReadyTimeout.TotalSeconds} s (sinfo says \"{state}\").\n{Logs()}";
    }

    /// <summary>Starts a daemon in the foreground; returns why it failed at once, or null.</summary>
    private string? Launch(string program, string[] args)
    {
        var start = new ProcessStartInfo(Which(program)!) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["SLURM_CONF"] = ConfigPath;
        var process = Process.Start(start)!;
        var output = new StringBuilder();
        consoles[program] = output;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        daemons.Add(process);
        return process.WaitForExit(TimeSpan.FromSeconds(2))
            ? $"{program} exited with code {process.ExitCode} at start.\n{Logs()}"
            : null;
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Trim();
        }
    }

    private static bool WaitFor(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(250);
        }

        return condition();
    }

    private static string Tail(string path)
    {
        if (!File.Exists(path))
        {
            return "(no log)";
        }

        string[] lines = File.ReadAllLines(path);
        return string.Join("\n", lines.Skip(Math.Max(0, lines.Length - 15)));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static byte[] RandomNumberGenerator(int length) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);

    private static string ShortHostName()
    {
        // slurmctld checks that it runs on SlurmctldHost by the short host name; slurmd is given the node name with -N.
        using var process = Process.Start(new ProcessStartInfo("hostname", ["-s"]) { RedirectStandardOutput = true })!;
        string name = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        return name.Length > 0 ? name : Environment.MachineName.Split('.')[0];
    }

    /// <summary>The full path of <paramref name="program"/> on PATH (or in /usr/sbin, where Debian puts daemons), or null.</summary>
    public static string? Which(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/sbin"])
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
}
