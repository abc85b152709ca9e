namespace Tdcc.Mesh.Xds.Status;

/// <summary>The status view: every connected stream, sorted by node id.</summary>
public sealed record XdsStatusReport(DateTimeOffset GeneratedAt, IReadOnlyList<XdsNodeStatus> Nodes);
