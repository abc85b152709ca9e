namespace Tdcc.Mesh.Mcs.Api;

/// <summary>Values of <c>ServiceImport.spec.type</c>.</summary>
public static class ServiceImportTypes
{
    /// <summary>One virtual IP in each importing cluster (from ClusterIP, NodePort and LoadBalancer services).</summary>
    public const string ClusterSetIP = "ClusterSetIP";

    /// <summary>The endpoints themselves (from <c>clusterIP: None</c>).</summary>
    public const string Headless = "Headless";
}
