namespace Tdcc.Mesh.Gateway.Outbound;

/// <summary>One outbound listener port; it reads its <see cref="Configuration.OutboundPort"/> anew for every request or connection.</summary>
internal interface IOutboundListener : IAsyncDisposable
{
    int Port { get; }

    bool IsHttp { get; }

    /// <summary>Stops accepting; connections already accepted keep going (TCP) or finish their requests (HTTP).</summary>
    Task StopAsync(CancellationToken cancellationToken);
}
