namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>
/// An HTTP handler in front of a real socket handler that can hold new watch requests back, so a test can
/// cut an informer off the server (after its current watch times out) while it writes, then let it reconnect.
/// Also counts list requests.
/// </summary>
internal sealed class WatchGate : DelegatingHandler
{
    private readonly Lock gate = new();
    private TaskCompletionSource open = NewOpened();
    private int held;
    private int lists;
    private int watches;

    public WatchGate()
        : base(new SocketsHttpHandler())
    {
    }

    /// <summary>Watch requests waiting for <see cref="Open"/>.</summary>
    public int Held => Volatile.Read(ref held);

    /// <summary>Watch requests sent so far (after being let through).</summary>
    public int Watches => Volatile.Read(ref watches);

    /// <summary>List (non-watch collection GET) requests sent so far.</summary>
    public int Lists => Volatile.Read(ref lists);

    /// <summary>Holds back watch requests from now on.</summary>
    public void Close()
    {
        lock (gate)
        {
            if (open.Task.IsCompleted)
            {
                open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    /// <summary>Lets held and new watch requests through.</summary>
    public void Open()
    {
        lock (gate)
        {
            open.TrySetResult();
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var query = request.RequestUri?.Query ?? string.Empty;
        if (query.Contains("watch=1", StringComparison.Ordinal) || query.Contains("watch=true", StringComparison.Ordinal))
        {
            Task wait;
            lock (gate)
            {
                wait = open.Task;
            }

            if (!wait.IsCompleted)
            {
                Interlocked.Increment(ref held);
                try
                {
                    await wait.WaitAsync(cancellationToken);
                }
                finally
                {
                    Interlocked.Decrement(ref held);
                }
            }

            Interlocked.Increment(ref watches);
        }
        else if (request.Method == HttpMethod.Get)
        {
            Interlocked.Increment(ref lists);
        }

        return await base.SendAsync(request, cancellationToken);
    }

    private static TaskCompletionSource NewOpened()
    {
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        opened.SetResult();
        return opened;
    }
}
