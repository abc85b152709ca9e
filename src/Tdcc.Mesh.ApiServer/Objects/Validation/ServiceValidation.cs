using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>ValidateService / ValidateServiceUpdate: DNS-1035 name, type, ports, selector, session affinity.</summary>
internal sealed class ServiceValidation : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        if (old is null && Fields.Str(obj["metadata"]?["name"]) is { } name)
        {
            foreach (var message in Fields.Dns1035Label(name))
            {
                errors.InvalidString("metadata.name", name, message);
            }
        }

        var spec = obj["spec"] as JsonObject;
        var type = Fields.Str(spec?["type"]) ?? "ClusterIP";
        errors.Enum(spec?["type"], "spec.type", "ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
        var ports = spec?["ports"] as JsonArray;
        var headless = Fields.Str(spec?["clusterIP"]) == "None";
        if (type == "ExternalName")
        {
            if (string.IsNullOrEmpty(Fields.Str(spec?["externalName"])))
            {
                errors.Required("spec.externalName");
            }
        }
        else if ((ports is null || ports.Count == 0) && !headless)
        {
            errors.Required("spec.ports");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var requireName = ports?.Count > 1;
        foreach (var (port, at) in Fields.Items(ports, "spec.ports"))
        {
            var portName = Fields.Str(port["name"]) ?? string.Empty;
            if (portName.Length == 0)
            {
                if (requireName)
                {
                    errors.Required(Fields.Child(at, "name"));
                }
            }
            else
            {
                Fields.Dns1123Label(portName, Fields.Child(at, "name"), errors);
                if (!names.Add(portName))
                {
                    errors.Duplicate(Fields.Child(at, "name"), GoFormat.Quote(portName));
                }
            }

            var number = Fields.Int(port["port"]) ?? 0;
            if (number is < 1 or > 65535)
            {
                errors.Invalid(Fields.Child(at, "port"), number, Fields.PortRangeMessage);
            }

            Fields.Protocol(port["protocol"], Fields.Child(at, "protocol"), errors, required: true);
            Fields.PortNumberOrName(port["targetPort"], Fields.Child(at, "targetPort"), errors);
            if (Fields.Int(port["nodePort"]) is long nodePort && nodePort != 0 && nodePort is < 1 or > 65535)
            {
                errors.Invalid(Fields.Child(at, "nodePort"), nodePort, Fields.PortRangeMessage);
            }
        }

        if (type != "ExternalName")
        {
            Fields.Labels(spec?["selector"], "spec.selector", errors);
        }

        errors.Enum(spec?["sessionAffinity"], "spec.sessionAffinity", "ClientIP", "None");
        errors.Enum(spec?["internalTrafficPolicy"], "spec.internalTrafficPolicy", "Cluster", "Local");
    }
}
