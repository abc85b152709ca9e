using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiServer.Objects.Validation;

/// <summary>networking.k8s.io/v1: NetworkPolicy selectors and ports, Ingress paths.</summary>
internal sealed class NetworkingValidation(bool ingress) : IKindValidation
{
    public void Validate(JsonObject obj, JsonObject? old, FieldErrorList errors)
    {
        var spec = obj["spec"] as JsonObject;
        if (ingress)
        {
            foreach (var (rule, at) in Fields.Items(spec?["rules"], "spec.rules"))
            {
                foreach (var (path, pathAt) in Fields.Items(rule["http"]?["paths"], Fields.Child(at, "http.paths")))
                {
                    var type = Fields.Str(path["pathType"]);
                    if (string.IsNullOrEmpty(type))
                    {
                        errors.Required(Fields.Child(pathAt, "pathType"), "pathType must be specified");
                    }
                    else
                    {
                        errors.Enum(path["pathType"], Fields.Child(pathAt, "pathType"), "Exact", "ImplementationSpecific", "Prefix");
                    }
                }
            }

            return;
        }

        Fields.LabelSelector(spec?["podSelector"], "spec.podSelector", errors);
        foreach (var direction in new[] { "ingress", "egress" })
        {
            foreach (var (rule, at) in Fields.Items(spec?[direction], Fields.Child("spec", direction)))
            {
                foreach (var (port, portAt) in Fields.Items(rule["ports"], Fields.Child(at, "ports")))
                {
                    Fields.Protocol(port["protocol"], Fields.Child(portAt, "protocol"), errors, required: false);
                    Fields.PortNumberOrName(port["port"], Fields.Child(portAt, "port"), errors);
                }

                foreach (var (peer, peerAt) in Fields.Items(rule[direction == "ingress" ? "from" : "to"], Fields.Child(at, direction == "ingress" ? "from" : "to")))
                {
                    Fields.LabelSelector(peer["podSelector"], Fields.Child(peerAt, "podSelector"), errors);
                    Fields.LabelSelector(peer["namespaceSelector"], Fields.Child(peerAt, "namespaceSelector"), errors);
                }
            }
        }

        foreach (var (type, i) in (spec?["policyTypes"] as JsonArray ?? []).Select((t, i) => (t, i)))
        {
            errors.Enum(type, Fields.Index("spec.policyTypes", i), "Ingress", "Egress");
        }
    }
}
