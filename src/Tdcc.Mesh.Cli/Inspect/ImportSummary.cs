using System.Globalization;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>One ServiceImport as <c>kubectl tdcc imports</c> shows it: type, clusterset IPs, ports and the exporting clusters.</summary>
internal sealed record ImportSummary(ServiceImport Import) : INamespacedSummary
{
    public string Namespace => Import.Metadata.Namespace ?? string.Empty;

    public string Name => Import.Metadata.Name ?? string.Empty;

    public string Type => Import.Spec?.Type ?? string.Empty;

    public IReadOnlyList<string> Ips => Import.Spec?.Ips is { } ips ? ips : [];

    /// <summary><c>8080/TCP</c>, <c>53/UDP</c>: as kubectl shows a Service's ports (with the name when there is one: <c>http:8080/TCP</c>).</summary>
    public IReadOnlyList<string> Ports => Import.Spec?.Ports.Select(Port).ToList() ?? [];

    /// <summary>The cluster ids that export the service.</summary>
    public IReadOnlyList<string> Clusters => Import.Status?.Clusters?.Select(c => c.Cluster).ToList() ?? [];

    public static string Port(ServiceImportPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        var number = string.Create(CultureInfo.InvariantCulture, $"{port.Port}/{port.Protocol ?? "TCP"}");
        return string.IsNullOrEmpty(port.Name) ? number : $"{port.Name}:{number}";
    }

    public JsonObject ToJson() => new()
    {
        ["namespace"] = Namespace,
        ["name"] = Name,
        ["type"] = Type,
        ["ips"] = new JsonArray([.. Ips.Select(ip => (JsonNode)ip)]),
        ["ports"] = new JsonArray([.. (Import.Spec?.Ports ?? []).Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["protocol"] = p.Protocol ?? "TCP", ["port"] = p.Port, ["appProtocol"] = p.AppProtocol })]),
        ["clusters"] = new JsonArray([.. Clusters.Select(c => (JsonNode)c)]),
        ["derivedService"] = Import.Metadata.Annotations?.GetValueOrDefault(McsLabels.DerivedServiceAnnotation),
        ["creationTimestamp"] = Import.Metadata.CreationTimestamp,
        ["conditions"] = Conditions.ToJson(Import.Status?.Conditions),
    };
}
