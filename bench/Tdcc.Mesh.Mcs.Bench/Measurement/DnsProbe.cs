using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.Mcs.Bench.Measurement;

/// <summary>
/// Asks one member's clusterset.local DNS server over UDP, as a resolver would: one A query at a time, each with
/// a fresh id and a short timeout (a lost datagram is asked again).
/// </summary>
internal sealed class DnsProbe(IPEndPoint server) : IDisposable
{
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromMilliseconds(500);

    private readonly Socket socket = new(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
    private readonly byte[] buffer = new byte[1500];
    private ushort nextId = 1;

    /// <summary>The A addresses the server answers for <paramref name="name"/> (empty for NXDOMAIN or NODATA).</summary>
    public async Task<IReadOnlyList<IPAddress>> QueryAsync(string name, CancellationToken cancellationToken)
    {
        while (true)
        {
            var id = nextId++;
            await socket.SendToAsync(DnsAQuery.Encode(id, name), server, cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(QueryTimeout);
            try
            {
                while (true)
                {
                    var received = await socket.ReceiveFromAsync(buffer, server, timeout.Token);
                    if (DnsAQuery.Decode(buffer.AsSpan(0, received.ReceivedBytes), id) is { } addresses)
                    {
                        return addresses;
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Lost or late: ask again with a new id.
            }
        }
    }

    /// <summary>
    /// Asks every <paramref name="interval"/> until <paramref name="address"/> is in the answer (or absent, when
    /// <paramref name="present"/> is false); returns the <see cref="Stopwatch"/> time that answer arrived.
    /// </summary>
    public async Task<long> WaitForAsync(string name, IPAddress address, bool present, TimeSpan interval, CancellationToken cancellationToken)
    {
        while (true)
        {
            var asked = Stopwatch.GetTimestamp();
            var answer = await QueryAsync(name, cancellationToken);
            var now = Stopwatch.GetTimestamp();
            if (answer.Contains(address) == present)
            {
                return now;
            }

            var left = interval - Stopwatch.GetElapsedTime(asked, now);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, cancellationToken);
            }
        }
    }

    public void Dispose() => socket.Dispose();
}
