using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Dns.Tests.TestSupport;

/// <summary>Minimal UDP and TCP clients for talking to a live server in tests.</summary>
internal static class DnsTestClient
{
    public static async Task<byte[]?> UdpAsync(IPEndPoint server, byte[] request, TimeSpan? timeout = null)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.SendToAsync(request, SocketFlags.None, server);
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(2));
        try
        {
            var result = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), cts.Token);
            return buffer[..result.ReceivedBytes];
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public static async Task<Socket> ConnectTcpAsync(IPEndPoint server)
    {
        var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server);
        return socket;
    }

    public static async Task SendFramedAsync(Socket socket, byte[] request)
    {
        var framed = new byte[request.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
        request.CopyTo(framed, 2);
        await socket.SendAsync(framed, SocketFlags.None);
    }

    /// <summary>Reads one length-prefixed message; null when the server closed the connection.</summary>
    public static async Task<byte[]?> ReceiveFramedAsync(Socket socket, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var prefix = new byte[2];
        if (!await ReadExactlyAsync(socket, prefix, cts.Token))
        {
            return null;
        }

        var message = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        return await ReadExactlyAsync(socket, message, cts.Token) ? message : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, byte[] buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, cancellationToken);
            }
            catch (SocketException)
            {
                return false;
            }

            if (received == 0)
            {
                return false;
            }

            read += received;
        }

        return true;
    }
}
