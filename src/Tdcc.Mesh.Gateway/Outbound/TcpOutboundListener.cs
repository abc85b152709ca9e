using System.Net;
using System.Net.Sockets;
using Tdcc.Mesh.Gateway.Configuration;

namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>A raw TCP listener for a <see cref="GatewayProtocol.Tcp"/> port: each accepted connection goes to <see cref="OutboundTcpHandler"/>.</summary>
internal sealed class TcpOutboundListener : IOutboundListener
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _accepting;

    public TcpOutboundListener(IPAddress address, int port, Func<OutboundPort?> current, OutboundTcpHandler handler, CancellationToken connectionsAborted)
    {
        Port = port;
        _listener = new TcpListener(address, port);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start(512);
        _accepting = AcceptAsync(current, handler, connectionsAborted);
    }

    public int Port { get; }

    public bool IsHttp => false;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        await _accepting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptAsync(Func<OutboundPort?> current, OutboundTcpHandler handler, CancellationToken connectionsAborted)
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            client.NoDelay = true;
            var port = current();
            if (port is null)
            {
                client.Dispose();
                continue;
            }

            _ = Task.Run(() => handler.HandleAsync(client, port, connectionsAborted), CancellationToken.None);
        }
    }
}
