namespace Tdcc.Mesh.Gateway.Identity;

/// <summary>What <c>tdcc gateway status</c> shows of the gateway's certificate.</summary>
/// <param name="SerialNumber">The serial of the certificate in force (upper case hex), null before the first.</param>
/// <param name="NotAfter">Its expiry.</param>
/// <param name="NextRenewal">When a new one will be requested (or the next retry after a failure).</param>
/// <param name="LastError">The last failure, cleared by a success.</param>
public sealed record CsrCredentialStatus(string? SerialNumber, DateTimeOffset? NotAfter, DateTimeOffset? NextRenewal, string? LastError);
