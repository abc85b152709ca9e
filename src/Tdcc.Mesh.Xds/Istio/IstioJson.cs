using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Istio;

/// <summary>
/// The CRD form of an <see cref="IstioObject"/>. Istio's CRD schemas are the proto3 JSON mapping of its messages
/// (lowerCamelCase fields, enums by name, durations as <c>"30s"</c>, wrappers as plain values, defaults left out), which
/// is what protobuf's JSON formatter writes.
/// </summary>
public static class IstioJson
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default);

    /// <summary>The object as Kubernetes JSON.</summary>
    public static JsonObject ToKubernetes(IstioObject istioObject)
    {
        ArgumentNullException.ThrowIfNull(istioObject);
        var labels = new JsonObject();
        foreach (var (key, value) in istioObject.Labels.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            labels[key] = value;
        }

        return new JsonObject
        {
            ["apiVersion"] = IstioKinds.ApiVersion,
            ["kind"] = istioObject.Kind,
            ["metadata"] = new JsonObject
            {
                ["name"] = istioObject.Name,
                ["namespace"] = istioObject.Namespace,
                ["labels"] = labels,
            },
            ["spec"] = JsonNode.Parse(Formatter.Format(istioObject.Spec)),
        };
    }
}
