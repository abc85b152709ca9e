using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>
/// HTTP/1.1 and prior-knowledge h2c on one cleartext port, which Kestrel does not do by itself (without TLS there is
/// no ALPN, and an Http1AndHttp2 endpoint silently serves HTTP/1.1 only).
/// The port's endpoint is HTTP/1.1; a hidden HTTP/2-only endpoint of the same server lends its connection pipeline,
/// captured with <see cref="CaptureHttp2"/>. The API server uses it so our clients multiplex every request and watch
/// over one h2c connection while kubectl keeps HTTP/1.1; the sandbox's echo pods use it for their HTTP ports. <see cref="Select"/> peeks at the first bytes: the HTTP/2 client preface
/// starts with <c>PRI</c>, which is no HTTP/1.1 method, so such connections go to the HTTP/2 pipeline.
/// </summary>
public sealed class CleartextProtocolSelector
{
    private const int SniffLength = 3;
    private static readonly TimeSpan SniffTimeout = TimeSpan.FromSeconds(10);

    private ConnectionDelegate? _http2;

    /// <summary>The captured HTTP/2 pipeline (null until the server started).</summary>
    internal ConnectionDelegate? Http2 => _http2;

    /// <summary>Middleware for the hidden HTTP/2 endpoint: remembers its HTTP/2 pipeline.</summary>
    public ConnectionDelegate CaptureHttp2(ConnectionDelegate next)
    {
        _http2 = next;
        return next;
    }

    /// <summary>Middleware for the visible endpoint: routes each connection to HTTP/2 or on to HTTP/1.1.</summary>
    public ConnectionDelegate Select(ConnectionDelegate http1) => connection => SelectAsync(connection, http1);

    private async Task SelectAsync(ConnectionContext connection, ConnectionDelegate http1)
    {
        var input = connection.Transport.Input;
        var isHttp2 = false;
        long examined = 0;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ConnectionClosed);
        timeout.CancelAfter(SniffTimeout);
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(timeout.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.Length >= SniffLength || result.IsCompleted)
                {
                    isHttp2 = buffer.Length >= SniffLength && IsPrefaceStart(buffer.Slice(0, SniffLength));

                    // Consume nothing, and examine no further than before, so the protocol's first read returns these bytes at once.
                    input.AdvanceTo(buffer.Start, buffer.GetPosition(examined));
                    break;
                }

                // Too few bytes to tell: wait for more.
                examined = buffer.Length;
                input.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
            // A silent client: HTTP/1.1's own timeouts deal with it.
        }

        var pipeline = isHttp2 && _http2 is not null ? _http2 : http1;
        await pipeline(connection).ConfigureAwait(false);
    }

    private static bool IsPrefaceStart(ReadOnlySequence<byte> start)
    {
        Span<byte> bytes = stackalloc byte[SniffLength];
        start.CopyTo(bytes);
        return bytes.SequenceEqual("PRI"u8);
    }
}
