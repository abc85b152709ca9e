using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>A TCP pod: writes <c>&lt;cluster&gt;\n</c> on accept, then echoes every byte.</summary>
internal sealed class TcpEchoServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TcpEchoServer(IPAddress address, string cluster)
    {
        _listener = new TcpListener(address, 0);
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _accepting = AcceptAsync(cluster);
    }

    public IPEndPoint EndPoint { get; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
    }

    private async Task AcceptAsync(string cluster)
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var stream = new NetworkStream(socket, ownsSocket: true);
                try
                {
                    await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(cluster + "\n"));
                    var buffer = new byte[4096];
                    int read;
                    while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or SocketException)
                {
                }
            });
        }
    }
}
