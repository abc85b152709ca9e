using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateEndpointSlice (discovery.k8s.io/v1): addressType, endpoints' addresses, ports.</summary>
internal sealed class EndpointSliceValidation : IKindValidation
{
    private const int MaxEndpoints = 1000;
    private const int MaxPorts = 20000;
    private const int MaxAddresses = 100;

    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        var addressType = Fields.Str(obj["addressType"]);
        if (string.IsNullOrEmpty(addressType))
        {
            errors.Required("addressType");
        }
        else
        {
            errors.Enum(obj["addressType"], "addressType", "FQDN", "IPv4", "IPv6");
        }

        if (obj["endpoints"] is JsonArray { Count: > MaxEndpoints } endpoints)
        {
            errors.TooMany("endpoints", endpoints.Count, MaxEndpoints);
        }

        foreach (var (endpoint, at) in Fields.Items(obj["endpoints"], "endpoints"))
        {
            var addresses = endpoint["addresses"] as JsonArray;
            var addressesPath = Fields.Child(at, "addresses");
            if (addresses is null || addresses.Count == 0)
            {
                errors.Required(addressesPath, "must contain at least 1 address");
            }
            else if (addresses.Count > MaxAddresses)
            {
                errors.TooMany(addressesPath, addresses.Count, MaxAddresses);
            }

            for (var i = 0; i < (addresses?.Count ?? 0); i++)
            {
                var address = Fields.Str(addresses![i]) ?? string.Empty;
                var family = IPAddress.TryParse(address, out var ip) && !address.Contains('%', StringComparison.Ordinal) ? ip.AddressFamily : (AddressFamily?)null;
                if (addressType == "IPv4" && family != AddressFamily.InterNetwork)
                {
                    errors.InvalidString(Fields.Index(addressesPath, i), address, "must be a valid IPv4 address");
                }
                else if (addressType == "IPv6" && family != AddressFamily.InterNetworkV6)
                {
                    errors.InvalidString(Fields.Index(addressesPath, i), address, "must be a valid IPv6 address");
                }
            }

            if (Fields.Str(endpoint["hostname"]) is { Length: > 0 } hostname)
            {
                Fields.Dns1123Label(hostname, Fields.Child(at, "hostname"), errors);
            }
        }

        if (obj["ports"] is JsonArray { Count: > MaxPorts } ports)
        {
            errors.TooMany("ports", ports.Count, MaxPorts);
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (port, at) in Fields.Items(obj["ports"], "ports"))
        {
            var name = Fields.Str(port["name"]) ?? string.Empty;
            if (name.Length > 0)
            {
                Fields.Dns1123Label(name, Fields.Child(at, "name"), errors);
            }

            if (!names.Add(name))
            {
                errors.Duplicate(Fields.Child(at, "name"), GoFormat.Quote(name));
            }

            Fields.Protocol(port["protocol"], Fields.Child(at, "protocol"), errors, required: false);
            if (Fields.Int(port["port"]) is long number && number is < 1 or > 65535)
            {
                errors.Invalid(Fields.Child(at, "port"), number, Fields.PortRangeMessage);
            }
        }
    }
}
