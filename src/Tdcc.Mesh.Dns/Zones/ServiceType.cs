namespace Tdcc.Mesh.Dns.Zones;

/// <summary>The ServiceImport type (KEP-1645): one virtual IP for the clusterset, or the endpoints themselves.</summary>
public enum ServiceType
{
    /// <summary>Clients resolve the service to its clusterset IP(s).</summary>
    ClusterSetIP,

    /// <summary>Clients resolve the service to the ready endpoints of every exporting cluster.</summary>
    Headless,
}
