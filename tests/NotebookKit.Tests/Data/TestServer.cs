using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NotebookKit.Tests.Data;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (ephemeral port) for download tests. Each path maps to a response; a
/// response can announce more bytes than it sends and then close, like a transfer cut off mid-way. Bounded: it stops
/// itself after <c>lifetime</c> even if nobody disposes it.
/// </summary>
public sealed class TestServer : IDisposable
{
    private readonly TcpListener listener;
    private readonly CancellationTokenSource stop;
    private readonly Dictionary<string, Response> routes = new(StringComparer.Ordinal);
    private readonly Task loop;

    public TestServer(TimeSpan? lifetime = null)
    {
        listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        stop = new CancellationTokenSource(lifetime ?? TimeSpan.FromMinutes(2));
        BaseUrl = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/files/");
        loop = Task.Run(AcceptLoop);
    }

    /// <summary>The folder URL the routes are under.</summary>
    public Uri BaseUrl { get; }

    /// <summary>How many requests were answered.</summary>
    public int Requests { get; private set; }

    /// <summary>
    /// Serves <paramref name="body"/> at <c>BaseUrl + name</c>. <paramref name="sendBytes"/> cuts the transfer short;
    /// <paramref name="announce"/> sends another Content-Length than the body's (a larger one is a cut-off transfer).
    /// </summary>
    /// <paramref name="stall"/> keeps the connection open without sending more, like a server that hangs.
    public void Serve(string name, byte[] body, int? sendBytes = null, int status = 200, long? announce = null, bool stall = false)
    {
        lock (routes)
        {
            routes["/files/" + name] = new Response(body, sendBytes ?? body.Length, status, announce ?? body.Length, stall);
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Handle(client));
        }
    }

    private async Task Handle(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                string path = await ReadRequestPath(stream);
                Response? response;
                lock (routes)
                {
                    routes.TryGetValue(path, out response);
                }

                response ??= new Response(Encoding.ASCII.GetBytes("not found"), 9, 404, 9, false);
                string reason = response.Status == 200 ? "OK" : "Not Found";
                string head = $"HTTP/1.1 {response.Status} {reason}\r\nContent-Length: {response.Announce}\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), stop.Token);
                await stream.WriteAsync(response.Body.AsMemory(0, response.SendBytes), stop.Token);
                await stream.FlushAsync(stop.Token);
                Requests++;
                if (response.Stall)
                {
                    await Task.Delay(Timeout.Infinite, stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }

    private static async Task<string> ReadRequestPath(NetworkStream stream)
    {
        var request = new StringBuilder();
        byte[] buffer = new byte[1024];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            int n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }

        string[] first = request.ToString().Split("\r\n")[0].Split(' ');
        return first.Length > 1 ? first[1] : "/";
    }

    private sealed record Response(byte[] Body, int SendBytes, int Status, long Announce, bool Stall);
}
