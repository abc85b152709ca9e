namespace Tdcc.Mesh.MeshModel;

/// <summary>The clusterset DNS domain (KEP-1645) and the names derived from it, in one place.</summary>
public static class ClusterSetDomain
{
    /// <summary>The clusterset zone apex; also the SPIFFE trust domain of mesh identities.</summary>
    public const string Name = "clusterset.local";

    /// <summary>Where clusterset services are named: <c>&lt;service&gt;.&lt;namespace&gt;.svc.clusterset.local</c>.</summary>
    public const string Services = "svc." + Name;
}
