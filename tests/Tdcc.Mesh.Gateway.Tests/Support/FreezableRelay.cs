using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>
/// A TCP relay in front of a gateway's tunnel port that can go silent (<see cref="Freeze"/>): connections stay open
/// but no byte passes any more, as when a link is cut (nothing refuses, nothing resets).
/// </summary>
internal sealed class FreezableRelay : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _frozen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accept;

    private FreezableRelay(IPAddress address, IPEndPoint target)
    {
        _target = target;
        _listener = new TcpListener(address, 0);
        _listener.Start();
        _accept = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public static FreezableRelay Start(IPAddress address, IPEndPoint target) => new(address, target);

    /// <summary>From now on no byte passes in either direction; connections are left open.</summary>
    public void Freeze() => _frozen.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accept;
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(RelayAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
                await Task.WhenAll(PumpAsync(client.GetStream(), server.GetStream()), PumpAsync(server.GetStream(), client.GetStream()));
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // The connection ended.
            }
        }
    }

    private async Task PumpAsync(Stream from, Stream to)
    {
        var buffer = new byte[16384];
        while (true)
        {
            var read = await from.ReadAsync(buffer, _stop.Token);
            if (read == 0 || _frozen.Task.IsCompleted)
            {
                // Frozen: swallow what arrives until the relay stops, as a cut link would.
                if (read > 0)
                {
                    continue;
                }

                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }
}
