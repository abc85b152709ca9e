namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>
/// A reverse tunnel's byte stream (the CONNECT stream a peer behind NAT opened) while this gateway uses it as an HTTP/2
/// client connection: <see cref="Closed"/> completes when the client connection lets go of it or it is closed.
/// </summary>
internal sealed class HeldStream(Stream inner) : Stream
{
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _taken;

    /// <summary>Completes when the stream was disposed (the HTTP/2 connection over it ended) or <see cref="Close"/> was called.</summary>
    public Task Closed => _closed.Task;

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Hands the stream to one client connection, once.</summary>
    public bool TryTake() => !IsClosed && Interlocked.Exchange(ref _taken, 1) == 0;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Close()
    {
        _closed.TrySetResult();
        base.Close();
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _closed.TrySetResult();
        base.Dispose(disposing);
    }
}
