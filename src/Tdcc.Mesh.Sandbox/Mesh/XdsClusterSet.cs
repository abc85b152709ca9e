using Tdcc.Mesh.Xds.Translation.Model;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>The members the xDS server builds snapshots for (node groups) and where they run.</summary>
internal sealed record XdsClusterSet(IReadOnlyList<string> Members, IReadOnlyList<ClusterLocalityModel> Localities);
