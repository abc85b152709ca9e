using Tdcc.Mesh.Xds.Status;

namespace Tdcc.Mesh.Cli.Xds;

/// <summary>One answer of the status endpoint: the server asked, the JSON as served, and its parsed form.</summary>
internal sealed record XdsStatusFetch(Uri Server, string Json, XdsStatusReport Report);
