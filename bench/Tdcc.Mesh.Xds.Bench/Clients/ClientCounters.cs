namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>What the client fleet counts, updated from every stream.</summary>
internal sealed class ClientCounters
{
    private long _opened;
    private long _failed;
    private long _responses;
    private long _acks;
    private string? _firstError;

    public long Opened => Interlocked.Read(ref _opened);

    public long Failed => Interlocked.Read(ref _failed);

    public long Responses => Interlocked.Read(ref _responses);

    public long Acks => Interlocked.Read(ref _acks);

    public string? FirstError => Volatile.Read(ref _firstError);

    public void StreamOpened() => Interlocked.Increment(ref _opened);

    public void ResponseReceived() => Interlocked.Increment(ref _responses);

    public void AckSent() => Interlocked.Increment(ref _acks);

    public void StreamFailed(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstError, $"{error.GetType().Name}: {error.Message}", null);
    }
}
