using System.Security.Cryptography.X509Certificates;

namespace Tdcc.Mesh.Gateway.Identity;

/// <summary>
/// What a gateway proves itself with and judges its peers by: its own certificate (with key, SPIFFE ID
/// <c>spiffe://&lt;td&gt;/cluster/&lt;cluster&gt;/gateway</c>) and the clusterset's CA certificates. Replaced whole on rotation.
/// </summary>
public sealed record GatewayCredentials(X509Certificate2 Certificate, X509Certificate2Collection TrustBundle, string TrustDomain);
