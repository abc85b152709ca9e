using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Tdcc.Mesh.Sandbox.Networking;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>What a pod of a cluster would see: an HTTP GET from a socket made in that cluster's network.</summary>
internal static class NetworkProbe
{
    /// <summary>The echo reply's <c>cluster</c> and <c>pod</c>, or the socket error when the connection fails.</summary>
    public static async Task<(string? Cluster, string? Pod, SocketError? Error)> GetAsync(IClusterNetwork network, IPEndPoint endpoint, TimeSpan? timeout = null)
    {
        using var socket = network.CreateSocket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        try
        {
            await socket.ConnectAsync(endpoint, deadline.Token);
            await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {endpoint}\r\n\r\n"), deadline.Token);
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int read;
            while ((read = await socket.ReceiveAsync(chunk, deadline.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
            }

            var text = Encoding.UTF8.GetString(buffer.ToArray());
            if (text.Length == 0)
            {
                return (null, null, SocketError.ConnectionReset);
            }

            using var json = JsonDocument.Parse(text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
            return (json.RootElement.GetProperty("cluster").GetString(), json.RootElement.GetProperty("pod").GetString(), null);
        }
        catch (SocketException e)
        {
            return (null, null, e.SocketErrorCode);
        }
        catch (OperationCanceledException)
        {
            return (null, null, SocketError.TimedOut);
        }
    }
}
