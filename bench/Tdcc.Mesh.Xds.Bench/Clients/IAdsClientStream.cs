namespace Tdcc.Mesh.Xds.Bench.Clients;

/// <summary>One simulated proxy's ADS stream.</summary>
internal interface IAdsClientStream
{
    /// <summary>Runs until cancelled or the stream fails; <paramref name="opened"/> completes once the first request is written (or the stream failed).</summary>
    Task RunAsync(TaskCompletionSource opened, CancellationToken cancellationToken);
}
