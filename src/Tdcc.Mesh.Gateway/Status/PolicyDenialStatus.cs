namespace Tdcc.Mesh.Gateway.Status;

/// <summary>Requests and connections a network policy refused since the gateway started, per source cluster and destination service port.</summary>
/// <param name="Policy">The MultiClusterNetworkPolicy, <c>&lt;namespace&gt;/&lt;name&gt;</c>.</param>
/// <param name="SourceCluster">The cluster they came from (the peer certificate's).</param>
/// <param name="Service">The destination service port (<c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c>).</param>
/// <param name="Denied">How many.</param>
public sealed record PolicyDenialStatus(string Policy, string SourceCluster, string Service, long Denied);
