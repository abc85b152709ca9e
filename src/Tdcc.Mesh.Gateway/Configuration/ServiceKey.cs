using System.Globalization;

namespace Tdcc.Mesh.Gateway.Configuration;

/// <summary>A clusterset service port: namespace, name and port, written <c>&lt;name&gt;.&lt;ns&gt;.svc.clusterset.local:&lt;port&gt;</c> on the wire.</summary>
public readonly record struct ServiceKey(string Namespace, string Name, int Port)
{
    /// <summary>The clusterset domain suffix of service names.</summary>
    public const string DomainSuffix = ".svc.clusterset.local";

    /// <summary>The <c>:authority</c> a tunnelled request or CONNECT stream carries for this service port.</summary>
    public string Authority => Name + "." + Namespace + DomainSuffix + ":" + Port.ToString(CultureInfo.InvariantCulture);

    /// <summary>Parses an <see cref="Authority"/>; false for anything else.</summary>
    public static bool TryParseAuthority(string? authority, out ServiceKey key)
    {
        key = default;
        if (string.IsNullOrEmpty(authority))
        {
            return false;
        }

        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(authority.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            return false;
        }

        var host = authority[..colon];
        if (!host.EndsWith(DomainSuffix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var parts = host[..^DomainSuffix.Length].Split('.');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        key = new ServiceKey(parts[1], parts[0], port);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => Authority;
}
