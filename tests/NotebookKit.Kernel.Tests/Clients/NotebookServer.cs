using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NotebookKit.Kernel.Tests.Clients;

/// <summary>
/// The classic Jupyter Notebook server (Debian's jupyter-notebook) serving one folder on 127.0.0.1 and a free port,
/// with no token, finding the installed kernelspecs; stopped by its process id.
/// </summary>
public sealed class NotebookServer : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private NotebookServer(Process process, int port)
    {
        this.process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's output so far (the kernels it starts log there too).</summary>
    public string Log
    {
        get
        {
            lock (log)
            {
                return log.ToString();
            }
        }
    }

    public static async Task<NotebookServer> StartAsync(string folder, IReadOnlyDictionary<string, string> environment)
    {
        int port = FreePort();
        var start = new ProcessStartInfo(PythonClient.Python)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string a in new[] { "-m", "notebook", "--no-browser", "--allow-root", "--ip=127.0.0.1", $"--port={port}",
                     "--port-retries=0", "--NotebookApp.token=", "--NotebookApp.password=", $"--NotebookApp.notebook_dir={folder}" })
        {
            start.ArgumentList.Add(a);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var server = new NotebookServer(Process.Start(start)!, port);
        server.process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server.process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server.process.BeginErrorReadLine();
        server.process.BeginOutputReadLine();
        try
        {
            await server.WaitUntilServingAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }

        return server;
    }

    public string NotebookUrl(string fileName) => $"http://127.0.0.1:{Port}/notebooks/{Uri.EscapeDataString(fileName)}";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        lock (log)
        {
            log.AppendLine(line);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"jupyter notebook exited ({process.ExitCode}):\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{Port}/api"));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Busy starting on a loaded machine; ask again.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"jupyter notebook did not answer on port {Port}:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
