using System.Globalization;

namespace Tdcc.Mesh.Xds.Translation;

/// <summary>
/// The Listener names of xDS-enabled gRPC servers (gRFC A36): the server asks for the bootstrap's
/// <c>server_listener_resource_name_template</c> with <c>%s</c> replaced by the address it binds.
/// </summary>
public static class ServerListenerNames
{
    /// <summary>The template to put in a gRPC server's bootstrap as <c>server_listener_resource_name_template</c>.</summary>
    public const string Template = "grpc/server/xds/listening_address/%s";

    /// <summary><c>grpc/server/xds/listening_address/&lt;ip&gt;:&lt;port&gt;</c>, an IPv6 address in brackets.</summary>
    public static string For(string address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        var host = address.Contains(':', StringComparison.Ordinal) ? "[" + address + "]" : address;
        return Template.Replace("%s", host + ":" + port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
