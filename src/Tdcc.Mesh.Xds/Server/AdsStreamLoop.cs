using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Grpc.Server;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// The loop both stream kinds run: wait for the next request, the group's next snapshot change, or a failed send;
/// handle one at a time, so per-stream state needs no lock.
/// </summary>
internal static class AdsStreamLoop
{
    /// <summary>
    /// Runs one stream: creates its bounded response queue (handed to <paramref name="attachQueue"/> so pushes can
    /// enqueue), runs the loop, and on the way out drains and disposes the queue before the stream leaves the status view.
    /// </summary>
    public static async Task RunAsync<TRequest, TResponse>(
        StreamContext context,
        AdsServices services,
        IAsyncStreamReader<TRequest> requests,
        IServerStreamWriter<TResponse> responses,
        Action<ResponseQueue<TResponse>> attachQueue,
        Func<TRequest, CancellationToken, ValueTask> onRequest,
        Func<CancellationToken, ValueTask> onSnapshotChanged,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        var queue = new ResponseQueue<TResponse>(responses, services.Options.SendQueueCapacity, services.WriteGate, cancellationToken);
        attachQueue(queue);
        try
        {
            await RunAsync(context, requests, queue, onRequest, onSnapshotChanged, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await queue.DisposeAsync().ConfigureAwait(false);
            context.Stop();
        }
    }

    public static async Task RunAsync<TRequest, TResponse>(
        StreamContext context,
        IAsyncStreamReader<TRequest> requests,
        ResponseQueue<TResponse> queue,
        Func<TRequest, CancellationToken, ValueTask> onRequest,
        Func<CancellationToken, ValueTask> onSnapshotChanged,
        CancellationToken cancellationToken)
        where TRequest : class
        where TResponse : class
    {
        // Stands in for the snapshot watch until the first request names the node (and so the group).
        var notStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously).Task;
        var read = requests.MoveNextAsync(cancellationToken).AsTask();
        while (true)
        {
            var changed = context.Started ? context.Watch.Changed : notStarted;
            await Task.WhenAny(read, changed, queue.Completion).ConfigureAwait(false);
            if (queue.Completion.IsCompleted)
            {
                // Only a failed write ends the pump while the stream runs: surface it.
                await queue.Completion.ConfigureAwait(false);
                return;
            }

            if (changed.IsCompleted)
            {
                // A snapshot change goes before a request that is also waiting: the request may have been sent after
                // the change (a client reacting to it, a test), and is then answered from the newer snapshot, not
                // from the one before followed by a push.
                context.Rewatch();
                await onSnapshotChanged(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (!await read.ConfigureAwait(false))
            {
                return;
            }

            await onRequest(requests.Current, cancellationToken).ConfigureAwait(false);
            read = requests.MoveNextAsync(cancellationToken).AsTask();
        }
    }
}
