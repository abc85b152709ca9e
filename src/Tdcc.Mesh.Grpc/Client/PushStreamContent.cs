using System.Net;
using Tdcc.Mesh.Grpc.Protocol;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>
/// A request body written to while the call runs: HttpClient hands over the request stream, the call's
/// <see cref="RequestStreamWriter{T}"/> writes frames to it, and completing the writer ends the body (END_STREAM).
/// </summary>
internal sealed class PushStreamContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public PushStreamContent()
    {
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(GrpcProtocol.ContentType);
    }

    /// <summary>The request stream, once HttpClient has sent the headers and started the body.</summary>
    public Task<Stream> StreamAsync => _stream.Task;

    /// <summary>Ends the request body.</summary>
    public void Complete() => _completed.TrySetResult();

    /// <summary>The call ended: writers waiting for the stream fail and the body ends.</summary>
    public void Abort(Exception exception)
    {
        _stream.TrySetException(exception);
        _completed.TrySetResult();
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        _stream.TrySetResult(stream);
        await _completed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        // Unknown length: the body is a stream of messages.
        length = -1;
        return false;
    }
}
