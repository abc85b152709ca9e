namespace Tdcc.Mesh.Xds.Status;

/// <summary>The locality a node reported.</summary>
public sealed record XdsLocality(string Region, string Zone, string SubZone);
