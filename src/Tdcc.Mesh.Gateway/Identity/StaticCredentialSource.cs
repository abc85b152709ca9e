using Microsoft.Extensions.Primitives;

namespace Tdcc.Mesh.Gateway.Identity;

/// <summary>Credentials given once (files, benchmarks, tests): they never change, so the change token never fires.</summary>
public sealed class StaticCredentialSource(GatewayCredentials credentials) : IGatewayCredentialSource
{
    /// <inheritdoc />
    public GatewayCredentials? Current => credentials;

    /// <inheritdoc />
    public IChangeToken GetChangeToken() => new CancellationChangeToken(CancellationToken.None);
}
