namespace Tdcc.Mesh.Metrics.Hosting;

/// <summary>A running standalone metrics listener; dispose to stop it.</summary>
public interface IMetricsServer : IAsyncDisposable
{
    /// <summary>The scrape address, with the port the listener actually bound.</summary>
    Uri Address { get; }
}
