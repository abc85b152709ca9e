namespace Tdcc.Mesh.Policy.Api;

/// <summary>The API group of TDCC Mesh's traffic policies and the kinds a policy can target.</summary>
public static class PolicyGroups
{
    /// <summary><c>networking.tdcc.io</c>: TrafficPolicy.</summary>
    public const string Networking = "networking.tdcc.io";

    /// <summary>The group of ServiceImport, the usual target.</summary>
    public const string Multicluster = "multicluster.x-k8s.io";

    /// <summary>Kind of a clusterset service's import.</summary>
    public const string ServiceImportKind = "ServiceImport";

    /// <summary>Kind of a plain Service (core group), taken to mean the clusterset service of that name.</summary>
    public const string ServiceKind = "Service";
}
