using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Gateway.Bench;

/// <summary>
/// The TCP backend, run in its own child process (<c>--serve-tcp-backend</c>) so that the benchmark's ten thousand
/// client sockets and the backend's accepted ones do not share one process's descriptor limit. Two ports: the source
/// streams bytes to whoever connects until they leave (throughput), the hold port writes one byte and then keeps the
/// connection open and idle (open connections for the memory figure).
/// </summary>
internal static class TcpBackend
{
    public const string ReadyPrefix = "TDCC-TCP";
    public const byte HoldGreeting = (byte)'!';

    private const int SourceChunk = 64 * 1024;

    /// <summary>Serves both ports until standard input closes.</summary>
    public static async Task<int> ServeAsync()
    {
        using var source = Listen();
        using var hold = Listen();
        using var stopping = new CancellationTokenSource();
        var chunk = new byte[SourceChunk];
        var accepting = Task.WhenAll(
            AcceptAsync(source, socket => StreamAsync(socket, chunk, stopping.Token), stopping.Token),
            AcceptAsync(hold, socket => HoldAsync(socket, stopping.Token), stopping.Token));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix} {Port(source)} {Port(hold)}"));
        await Console.In.ReadToEndAsync();
        await stopping.CancelAsync();
        source.Dispose();
        hold.Dispose();
        await accepting;
        return 0;
    }

    private static Socket Listen()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen(4096);
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;

    private static async Task AcceptAsync(Socket listener, Func<Socket, Task> serve, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await listener.AcceptAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => serve(accepted), CancellationToken.None);
        }
    }

    private static async Task StreamAsync(Socket socket, byte[] chunk, CancellationToken cancellationToken)
    {
        using (socket)
        {
            try
            {
                while (true)
                {
                    await socket.SendAsync(chunk, SocketFlags.None, cancellationToken);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The reader left (or the benchmark ended): nothing to report.
            }
        }
    }

    private static async Task HoldAsync(Socket socket, CancellationToken cancellationToken)
    {
        using (socket)
        {
            try
            {
                await socket.SendAsync(new[] { HoldGreeting }, SocketFlags.None, cancellationToken);
                var buffer = new byte[16];
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
                {
                }
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // Closed by the other side or at the end.
            }
        }
    }
}
