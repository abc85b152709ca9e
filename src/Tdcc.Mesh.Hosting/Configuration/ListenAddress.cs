using System.Globalization;
using System.Net;

namespace Tdcc.Mesh.Hosting.Configuration;

/// <summary>Parses listen addresses as the flags give them: <c>host:port</c>, <c>[v6]:port</c> or <c>:port</c> (every address).</summary>
public static class ListenAddress
{
    /// <summary>The endpoint; throws <see cref="FormatException"/> naming <paramref name="flag"/> when it is not one.</summary>
    public static IPEndPoint Parse(string text, string flag)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new FormatException($"{flag}: '{text}' is not host:port (for example 0.0.0.0:8080)");
        }

        var host = text[..colon].Trim('[', ']');
        if (host.Length == 0)
        {
            return new IPEndPoint(IPAddress.Any, port);
        }

        if (host == "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        return IPAddress.TryParse(host, out var address)
            ? new IPEndPoint(address, port)
            : throw new FormatException($"{flag}: '{host}' is not an IP address (listen addresses take IPs, for example $(POD_IP):8080)");
    }
}
