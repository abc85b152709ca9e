using Tdcc.Mesh.Gateway.Status;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>The HTTP/2 client of the tunnel to one peer gateway.</summary>
internal sealed class TunnelClient(string cluster, Uri prefix, HttpMessageHandler handler, TunnelDirection direction = TunnelDirection.Outbound) : IDisposable
{
    /// <summary>The peer's cluster.</summary>
    public string Cluster { get; } = cluster;

    /// <summary>The peer's tunnel address, <c>http://address:port/</c> (a placeholder host for a reverse tunnel).</summary>
    public Uri Prefix { get; } = prefix;

    /// <summary>Outbound (this gateway dials) or Reverse (the peer dialled and its connection is used).</summary>
    public TunnelDirection Direction { get; } = direction;

    /// <summary>The pooled invoker (never disposed by callers).</summary>
    public HttpMessageInvoker Invoker { get; } = new(handler, disposeHandler: true);

    public void Dispose() => Invoker.Dispose();
}
