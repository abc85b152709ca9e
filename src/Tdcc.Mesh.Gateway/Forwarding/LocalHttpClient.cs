namespace Tdcc.Mesh.Gateway.Forwarding;

/// <summary>The pooled plain-text client to the gateway's own cluster's pods (HTTP/1.1, and h2c by prior knowledge).</summary>
internal sealed class LocalHttpClient(TimeSpan connectTimeout) : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(
        new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            EnableMultipleHttp2Connections = true,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        },
        disposeHandler: true);

    public void Dispose() => Invoker.Dispose();
}
