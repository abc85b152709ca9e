namespace Tdcc.Mesh.Xds.Server;

/// <summary>Options of the ADS server.</summary>
public sealed class XdsServerOptions
{
    /// <summary>How many responses may wait to be written per stream; a stream whose client reads slowly applies backpressure beyond this.</summary>
    public int SendQueueCapacity { get; set; } = 16;

    /// <summary>The path of the JSON status endpoint.</summary>
    public string StatusPath { get; set; } = "/debug/xds/status";

    /// <summary>Identifies this control plane in every response's <c>control_plane.identifier</c> (empty: not sent).</summary>
    public string ControlPlaneId { get; set; } = "tdcc-mesh";
}
