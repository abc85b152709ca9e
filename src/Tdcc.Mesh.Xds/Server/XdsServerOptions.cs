namespace Tdcc.Mesh.Xds.Server;

/// <summary>Options of the ADS server.</summary>
public sealed class XdsServerOptions
{
    /// <summary>How many responses may wait to be written per stream; a stream whose client reads slowly applies backpressure beyond this.</summary>
    public int SendQueueCapacity { get; set; } = 16;

    /// <summary>
    /// How many responses all streams together may be writing at once (0: no limit). Bounds the transport buffers a
    /// push to thousands of streams holds at its peak; a write stops counting after a second, so a client that does
    /// not read cannot hold up the others.
    /// </summary>
    public int MaxConcurrentWrites { get; set; } = 64;

    /// <summary>
    /// The HTTP/2 connection receive window the host's gRPC server gets (<c>GrpcServerOptions.InitialConnectionWindowSize</c>,
    /// unless the host sets that itself; 0 keeps Kestrel's 1 MiB). A SotW ACK repeats the whole subscription, so the
    /// 100 streams of a connection acknowledging one push send some 4 MB at once (Envoy's EDS, a thousand names each):
    /// with 1 MiB they wait for window updates, and the clients spend more CPU waiting than sending. Unread data per
    /// connection stays bounded by this window.
    /// </summary>
    public int Http2ConnectionWindowSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>The path of the JSON status endpoint.</summary>
    public string StatusPath { get; set; } = "/debug/xds/status";

    /// <summary>Identifies this control plane in every response's <c>control_plane.identifier</c> (empty: not sent).</summary>
    public string ControlPlaneId { get; set; } = "tdcc-mesh";
}
