using Microsoft.Extensions.Primitives;
using Tdcc.Mesh.Gateway.Identity;

namespace Tdcc.Mesh.Gateway.Tests.Support;

/// <summary>Credentials that never change (the CSR client's role).</summary>
internal sealed class FixedCredentialSource(GatewayCredentials credentials) : IGatewayCredentialSource
{
    public GatewayCredentials? Current => credentials;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(CancellationToken.None);
}
