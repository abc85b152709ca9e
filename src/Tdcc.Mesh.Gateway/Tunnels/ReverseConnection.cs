using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// A reverse tunnel as a Kestrel connection on the gateway behind NAT: the bytes of the CONNECT stream it opened to a
/// peer, on which the peer is the HTTP/2 client. The peer's certificate (from the outer mutual-TLS connection this
/// gateway dialled and judged) is the connection's client certificate, so the inbound pipeline attests the source
/// cluster as on the tunnel listener.
/// </summary>
internal sealed class ReverseConnection : ConnectionContext, ITlsConnectionFeature, ITlsApplicationProtocolFeature
{
    private readonly Stream _stream;
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _closed = new();

    public ReverseConnection(string id, Stream stream, X509Certificate2 peerCertificate)
    {
        _stream = stream;
        ConnectionId = id;
        ClientCertificate = peerCertificate;
        Transport = new DuplexPipe(PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true)), PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true)));
        Features.Set<ITlsConnectionFeature>(this);
        Features.Set<ITlsApplicationProtocolFeature>(this);
        Features.Set<IConnectionIdFeature>(new IdFeature(id));
    }

    /// <summary>Completes when Kestrel is done with the connection.</summary>
    public Task Done => _done.Task;

    public override string ConnectionId { get; set; }

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed
    {
        get => _closed.Token;
        set => throw new NotSupportedException();
    }

    public override EndPoint? LocalEndPoint { get; set; } = new ReverseEndPoint();

    public X509Certificate2? ClientCertificate { get; set; }

    public ReadOnlyMemory<byte> ApplicationProtocol => "h2"u8.ToArray();

    public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) => Task.FromResult(ClientCertificate);

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _closed.Cancel();
        _stream.Dispose();
    }

    public override async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _closed.Dispose();
        _done.TrySetResult();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    private sealed class IdFeature(string id) : IConnectionIdFeature
    {
        public string ConnectionId { get; set; } = id;
    }
}
