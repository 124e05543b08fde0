using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NotebookKit.Images;

/// <summary>
/// One headless Chromium driven over the Chrome DevTools Protocol (a WebSocket on 127.0.0.1), with one blank page to
/// evaluate JavaScript in. Just what figure export needs, with no driver package: the browser is the system's.
/// </summary>
/// <remarks>
/// Chromium is started with <c>--remote-debugging-port=0</c> (a free port it picks) and a temporary profile folder,
/// and prints <c>DevTools listening on ws://...</c>; the page is a target created and attached in flat mode, and
/// <c>Runtime.evaluate</c> runs code in it. Disposing closes the browser, stops the process by its id if it lingers
/// and deletes the profile.
/// </remarks>
internal sealed partial class DevToolsBrowser : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process process;
    private readonly string profile;
    private readonly ClientWebSocket socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> pending = new();
    private readonly CancellationTokenSource closing = new();
    private readonly SemaphoreSlim sendGate = new(1, 1);
    private Task? receiving;
    private string? sessionId;
    private int nextId;

    private DevToolsBrowser(Process process, string profile)
    {
        this.process = process;
        this.profile = profile;
    }

    /// <summary>Starts <paramref name="executable"/> headless with <paramref name="arguments"/> and opens a blank page.</summary>
    /// <exception cref="InvalidOperationException">The browser did not start or did not answer; the message says what it printed.</exception>
    public static async Task<DevToolsBrowser> StartAsync(string executable, IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        string profile = Directory.CreateTempSubdirectory("nbkit-chromium-").FullName;
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--headless");
        start.ArgumentList.Add("--remote-debugging-port=0");
        start.ArgumentList.Add("--remote-allow-origins=*");
        start.ArgumentList.Add($"--user-data-dir={profile}");
        start.ArgumentList.Add("about:blank");
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var printed = new StringBuilder();
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                endpoint.TrySetException(new InvalidOperationException($"Chromium '{executable}' exited before it was ready: {Tail(printed)}"));
                return;
            }

            lock (printed)
            {
                printed.AppendLine(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } m)
            {
                endpoint.TrySetResult(m.Groups[1].Value);
            }
        };
        process.OutputDataReceived += (_, _) => { };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            DeleteProfile(profile);
            throw new InvalidOperationException($"Could not start Chromium '{executable}': {e.Message}", e);
        }

        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var browser = new DevToolsBrowser(process, profile);
        try
        {
            string url = await endpoint.Task.WaitAsync(StartTimeout, cancellationToken).ConfigureAwait(false);
            await browser.socket.ConnectAsync(new Uri(url), cancellationToken).ConfigureAwait(false);
            browser.receiving = Task.Run(browser.ReceiveLoopAsync);
            var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, cancellationToken).ConfigureAwait(false);
            var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, cancellationToken).ConfigureAwait(false);
            browser.sessionId = attached["sessionId"]!.GetValue<string>();
            return browser;
        }
        catch (Exception e) when (e is TimeoutException or WebSocketException or InvalidOperationException or JsonException)
        {
            await browser.DisposeAsync().ConfigureAwait(false);
            throw e is InvalidOperationException ? e : new InvalidOperationException($"Chromium '{executable}' did not answer on its DevTools port: {e.Message} {Tail(printed)}", e);
        }
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page (awaiting a promise) and returns its string value.</summary>
    /// <exception cref="InvalidOperationException">The script threw; the message is the page's exception text.</exception>
    public async Task<string?> EvaluateAsync(string expression, CancellationToken cancellationToken = default)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
        }, cancellationToken, sessionId).ConfigureAwait(false);
        if (result["exceptionDetails"] is JsonObject details)
        {
            string text = details["exception"]?["description"]?.GetValue<string>() ?? details["text"]?.GetValue<string>() ?? "unknown error";
            throw new InvalidOperationException(text);
        }

        return result["result"]?["value"] is JsonValue v && v.TryGetValue(out string? s) ? s : null;
    }

    /// <summary>Closes the browser and deletes its profile folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (closing.IsCancellationRequested)
        {
            return;
        }

        try
        {
            if (socket.State == WebSocketState.Open)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await SendAsync("Browser.close", [], quick.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or InvalidOperationException)
        {
            // The browser may already be gone; the process is stopped below either way.
        }

        await closing.CancelAsync().ConfigureAwait(false);
        if (!process.HasExited && !process.WaitForExit(TimeSpan.FromSeconds(5)))
        {
            process.Kill(entireProcessTree: true);
        }

        if (receiving is not null)
        {
            await receiving.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        socket.Dispose();
        process.Dispose();
        sendGate.Dispose();
        closing.Dispose();
        DeleteProfile(profile);
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters, CancellationToken cancellationToken, string? session = null)
    {
        int id = Interlocked.Increment(ref nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = reply;
        byte[] bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await sendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            sendGate.Release();
        }

        using (cancellationToken.Register(() => reply.TrySetCanceled(cancellationToken)))
        {
            var answer = await reply.Task.ConfigureAwait(false);
            if (answer["error"] is JsonObject error)
            {
                throw new InvalidOperationException($"Chromium refused {method}: {error["message"]?.GetValue<string>()}");
            }

            return answer["result"] as JsonObject ?? [];
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var message = new MemoryStream();
        try
        {
            while (!closing.IsCancellationRequested && socket.State == WebSocketState.Open)
            {
                var received = await socket.ReceiveAsync(buffer, closing.Token).ConfigureAwait(false);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                if (JsonNode.Parse(message.ToArray()) is JsonObject answer && answer["id"] is JsonValue idValue
                    && idValue.TryGetValue(out int id) && pending.TryRemove(id, out var reply))
                {
                    reply.TrySetResult(answer);
                }

                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or JsonException)
        {
            // Closing, or the browser went away: whoever still waits learns it below.
        }

        foreach (var reply in pending.Values)
        {
            reply.TrySetException(new InvalidOperationException("Chromium closed the DevTools connection."));
        }
    }

    private static string Tail(StringBuilder printed)
    {
        lock (printed)
        {
            string text = printed.ToString().Trim();
            return text.Length == 0 ? "(it printed nothing)" : text.Length > 600 ? "..." + text[^600..] : text;
        }
    }

    private static void DeleteProfile(string profile)
    {
        try
        {
            Directory.Delete(profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium can still hold a lock file for a moment; a leftover temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex Listening();
}
