using System.Threading.Channels;
using NetMQ;
using NetMQ.Sockets;

namespace NotebookKit.Kernel.Protocol;

/// <summary>
/// The five ZeroMQ sockets, all owned by one poller thread (NetMQ sockets are not thread-safe): received shell and
/// control messages are handed to <see cref="Shell"/> and <see cref="Control"/> queues, stdin replies to
/// <see cref="Stdin"/>, pings are echoed at once, and <see cref="Send"/> may be called from any thread.
/// </summary>
internal sealed class KernelSockets : IDisposable
{
    private readonly RouterSocket shell = new(), control = new(), stdin = new();
    private readonly PublisherSocket iopub = new();
    private readonly ResponseSocket heartbeat = new();
    private readonly NetMQQueue<(Channel Channel, List<byte[]> Frames)> outgoing = new();
    private readonly NetMQPoller poller;
    private readonly MessageSigner signer;
    private readonly Action<string> log;
    private readonly Channel<JupyterMessage> shellQueue = System.Threading.Channels.Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    private readonly Channel<JupyterMessage> controlQueue = System.Threading.Channels.Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    private readonly Channel<JupyterMessage> stdinQueue = System.Threading.Channels.Channel.CreateUnbounded<JupyterMessage>();
    private int pending;

    public KernelSockets(ConnectionInfo connection, Action<string> log)
    {
        signer = new MessageSigner(connection.Key);
        this.log = log;
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat })
        {
            // Unsent messages must not keep the process alive at shutdown.
            socket.Options.Linger = TimeSpan.FromMilliseconds(500);
        }

        shell.Bind(connection.Endpoint(connection.ShellPort));
        control.Bind(connection.Endpoint(connection.ControlPort));
        stdin.Bind(connection.Endpoint(connection.StdinPort));
        iopub.Bind(connection.Endpoint(connection.IopubPort));
        heartbeat.Bind(connection.Endpoint(connection.HeartbeatPort));

        shell.ReceiveReady += (_, e) => Receive(e.Socket, shellQueue.Writer);
        control.ReceiveReady += (_, e) => Receive(e.Socket, controlQueue.Writer);
        stdin.ReceiveReady += (_, e) => Receive(e.Socket, stdinQueue.Writer);
        heartbeat.ReceiveReady += (_, e) =>
        {
            var ping = e.Socket.ReceiveMultipartMessage();
            e.Socket.SendMultipartMessage(ping);
        };
        outgoing.ReceiveReady += (_, e) =>
        {
            while (e.Queue.TryDequeue(out var item, TimeSpan.Zero))
            {
                var socket = item.Channel switch
                {
                    Channel.Shell => (NetMQSocket)shell,
                    Channel.Control => control,
                    Channel.Stdin => stdin,
                    _ => iopub,
                };
                var message = new NetMQMessage(item.Frames.Count);
                foreach (byte[] frame in item.Frames)
                {
                    message.Append(frame);
                }

                socket.SendMultipartMessage(message);
                Interlocked.Decrement(ref pending);
            }
        };
        poller = [shell, control, stdin, heartbeat, outgoing];
        poller.RunAsync("jupyter-sockets");
    }

    /// <summary>Requests received on the shell socket, in order.</summary>
    public ChannelReader<JupyterMessage> Shell => shellQueue.Reader;

    /// <summary>Requests received on the control socket, in order.</summary>
    public ChannelReader<JupyterMessage> Control => controlQueue.Reader;

    /// <summary>Replies received on the stdin socket (<c>input_reply</c>).</summary>
    public ChannelReader<JupyterMessage> Stdin => stdinQueue.Reader;

    /// <summary>Signs <paramref name="message"/> and queues it for sending on <paramref name="channel"/>.</summary>
    public void Send(Channel channel, JupyterMessage message)
    {
        Interlocked.Increment(ref pending);
        outgoing.Enqueue((channel, WireFormat.Encode(message, signer)));
    }

    private void Receive(NetMQSocket socket, ChannelWriter<JupyterMessage> queue)
    {
        var frames = socket.ReceiveMultipartMessage();
        var message = WireFormat.Decode([.. frames.Select(f => f.ToByteArray())], signer, out string? problem);
        if (message is null)
        {
            // The protocol has no error reply for an unreadable or forged message: drop it, say why in the log.
            log($"ignored {problem}");
            return;
        }

        queue.TryWrite(message);
    }

    /// <summary>Stops the sockets after the messages queued so far are handed to ZeroMQ (a shutdown reply must get out).</summary>
    public void Dispose()
    {
        var deadline = DateTime.UtcNow.AddSeconds(2);
        while (Volatile.Read(ref pending) > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        shellQueue.Writer.TryComplete();
        controlQueue.Writer.TryComplete();
        stdinQueue.Writer.TryComplete();
        poller.Stop();
        poller.Dispose();
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat })
        {
            socket.Dispose();
        }

        outgoing.Dispose();
    }
}
