namespace Tdcc.Mesh.Mcs.Api;

/// <summary>The API groups of the MCS kinds.</summary>
public static class McsGroups
{
    /// <summary>ServiceExport and ServiceImport (KEP-1645).</summary>
    public const string Multicluster = "multicluster.x-k8s.io";

    /// <summary>TDCC Mesh's own hub-side kinds.</summary>
    public const string Tdcc = "tdcc.io";
}
