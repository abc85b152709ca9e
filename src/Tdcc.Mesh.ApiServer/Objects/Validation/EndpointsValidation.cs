using System.Net;
using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateEndpoints (core/v1): subsets' addresses and ports.</summary>
internal sealed class EndpointsValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        foreach (var (subset, at) in Fields.Items(obj["subsets"], "subsets"))
        {
            foreach (var field in new[] { "addresses", "notReadyAddresses" })
            {
                foreach (var (address, addressAt) in Fields.Items(subset[field], Fields.Child(at, field)))
                {
                    var ip = Fields.Str(address["ip"]) ?? string.Empty;
                    if (ip.Length == 0)
                    {
                        errors.Required(Fields.Child(addressAt, "ip"));
                    }
                    else if (!IPAddress.TryParse(ip, out _))
                    {
                        errors.InvalidString(Fields.Child(addressAt, "ip"), ip, "must be a valid IP address");
                    }
                }
            }

            var requireName = (subset["ports"] as JsonArray)?.Count > 1;
            foreach (var (port, portAt) in Fields.Items(subset["ports"], Fields.Child(at, "ports")))
            {
                var name = Fields.Str(port["name"]) ?? string.Empty;
                if (name.Length > 0)
                {
                    Fields.Dns1123Label(name, Fields.Child(portAt, "name"), errors);
                }
                else if (requireName)
                {
                    errors.Required(Fields.Child(portAt, "name"));
                }

                Fields.PortNumber(port["port"], Fields.Child(portAt, "port"), errors, required: true);
                Fields.Protocol(port["protocol"], Fields.Child(portAt, "protocol"), errors, required: false);
            }
        }
    }
}
