using Microsoft.Extensions.Primitives;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>Where a gateway gets its <see cref="GatewayConfiguration"/> (the hub's xDS server; in tests, fixed).</summary>
public interface IGatewayConfigurationSource
{
    /// <summary>The configuration in force; null until the first one arrived.</summary>
    GatewayConfiguration? Current { get; }

    /// <summary>Fires when <see cref="Current"/> is replaced.</summary>
    IChangeToken GetChangeToken();
}
