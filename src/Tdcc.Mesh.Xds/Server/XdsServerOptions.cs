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

    /// <summary>The path of the JSON status endpoint.</summary>
    public string StatusPath { get; set; } = "/debug/xds/status";

    /// <summary>Identifies this control plane in every response's <c>control_plane.identifier</c> (empty: not sent).</summary>
    public string ControlPlaneId { get; set; } = "tdcc-mesh";
}
