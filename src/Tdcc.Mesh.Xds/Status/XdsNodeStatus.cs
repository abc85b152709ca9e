namespace Tdcc.Mesh.Xds.Status;

/// <summary>One connected ADS stream and its node.</summary>
public sealed record XdsNodeStatus(
    string StreamId,
    string NodeId,
    string Cluster,
    XdsLocality? Locality,
    string Group,
    string UserAgent,
    XdsStreamKind Kind,
    string Peer,
    DateTimeOffset ConnectedSince,
    IReadOnlyList<XdsTypeStatus> Types);
