using Microsoft.Extensions.Primitives;

namespace Tdcc.Mesh.Gateway.Identity;

/// <summary>Where a gateway gets its <see cref="GatewayCredentials"/> (the hub's CA, by certificate signing request; in tests, fixed).</summary>
public interface IGatewayCredentialSource
{
    /// <summary>The credentials in force; null until the first certificate is issued.</summary>
    GatewayCredentials? Current { get; }

    /// <summary>Fires when <see cref="Current"/> is replaced.</summary>
    IChangeToken GetChangeToken();
}
