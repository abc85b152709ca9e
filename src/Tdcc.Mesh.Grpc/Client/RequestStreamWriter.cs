using System.Buffers;
using Google.Protobuf;
using Tdcc.Mesh.Grpc.Framing;

namespace Tdcc.Mesh.Grpc.Client;

/// <summary>Writes request messages into the call's <see cref="PushStreamContent"/>, one write at a time.</summary>
internal sealed class RequestStreamWriter<T>(PushStreamContent content, IRequestStreamOwner owner) : IClientStreamWriter<T>
    where T : class, IMessage<T>
{
    private int _writing;
    private volatile bool _completed;

    public async ValueTask WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("Can't write the message: the request stream is complete.");
        }

        owner.ThrowIfFinished();
        if (Interlocked.CompareExchange(ref _writing, 1, 0) != 0)
        {
            throw new InvalidOperationException("Can't write the message: the previous write is still in progress.");
        }

        var pooled = false;
        var frame = default(ArraySegment<byte>);
        try
        {
            // Uncompressed frames go through a pooled array: the stream is done with it once WriteAsync returns.
            if (owner.RequestEncoding is null)
            {
                frame = GrpcFrameWriter.RentFrame(message, owner.MaxSendMessageSize);
                pooled = true;
            }
            else
            {
                frame = GrpcFrameWriter.ToFrame(message, owner.MaxSendMessageSize, owner.RequestEncoding);
            }

            using var linked = CancellationTokenSource.CreateLinkedTokenSource(owner.CallToken, cancellationToken);
            try
            {
                var stream = await content.StreamAsync.WaitAsync(linked.Token).ConfigureAwait(false);
                await stream.WriteAsync(frame, linked.Token).ConfigureAwait(false);
                await stream.FlushAsync(linked.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not Status.RpcException)
            {
                throw owner.ToRpcException(ex);
            }
        }
        finally
        {
            if (pooled)
            {
                ArrayPool<byte>.Shared.Return(frame.Array!);
            }

            Volatile.Write(ref _writing, 0);
        }
    }

    public Task CompleteAsync()
    {
        _completed = true;
        content.Complete();
        return Task.CompletedTask;
    }
}
