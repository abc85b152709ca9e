namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The SDS names of the mesh's certificates. Gateway listeners and upstream TLS contexts refer to them by name; the
/// identity component produces the Secrets under the same names, so the two meet in the snapshot.
/// </summary>
public static class SecretNames
{
    /// <summary>The clusterset's trust bundle (a <c>validation_context</c> holding the mesh CA certificates).</summary>
    public const string TrustBundle = "tdcc-mesh/trust-bundle";

    /// <summary>The serving/client certificate of the gateways of one member cluster (a <c>tls_certificate</c>).</summary>
    public static string GatewayCertificate(string cluster) => "tdcc-mesh/gateway/" + cluster;
}
