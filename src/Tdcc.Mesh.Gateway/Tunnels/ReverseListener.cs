using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// Kestrel's transport for reverse tunnels: binds <see cref="ReverseEndPoint"/> only, and accepts the connections
/// <see cref="ServeAsync"/> hands in (each the byte stream of a reverse tunnel this gateway dialled).
/// </summary>
internal sealed class ReverseListener : IConnectionListenerFactory, IConnectionListenerFactorySelector, IConnectionListener
{
    private readonly Channel<ReverseConnection> _accepted = Channel.CreateUnbounded<ReverseConnection>();
    private long _ids;

    public EndPoint EndPoint { get; } = new ReverseEndPoint();

    public bool CanBind(EndPoint endpoint) => endpoint is ReverseEndPoint;

    public ValueTask<IConnectionListener> BindAsync(EndPoint endpoint, CancellationToken cancellationToken = default) => ValueTask.FromResult<IConnectionListener>(this);

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Serves HTTP/2 on <paramref name="stream"/> until the connection ends.</summary>
    public async Task ServeAsync(Stream stream, System.Security.Cryptography.X509Certificates.X509Certificate2 peerCertificate, CancellationToken cancellationToken)
    {
        var connection = new ReverseConnection("reverse-" + Interlocked.Increment(ref _ids).ToString(System.Globalization.CultureInfo.InvariantCulture), stream, peerCertificate);
        if (!_accepted.Writer.TryWrite(connection))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            return;
        }

        try
        {
            await connection.Done.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            connection.Abort(new ConnectionAbortedException("the gateway stops"));
            throw;
        }
    }

    public ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        _accepted.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        return ValueTask.CompletedTask;
    }
}
