namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>The HTTP/2 client of the tunnel to one peer gateway.</summary>
internal sealed class TunnelClient(string cluster, Uri prefix, HttpMessageHandler handler) : IDisposable
{
    /// <summary>The peer's cluster.</summary>
    public string Cluster { get; } = cluster;

    /// <summary>The peer's tunnel address, <c>https://address:port/</c>.</summary>
    public Uri Prefix { get; } = prefix;

    /// <summary>The pooled invoker (never disposed by callers).</summary>
    public HttpMessageInvoker Invoker { get; } = new(handler, disposeHandler: true);

    public void Dispose() => Invoker.Dispose();
}
