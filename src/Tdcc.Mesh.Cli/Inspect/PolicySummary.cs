using System.Globalization;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Gateway.Status;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Policy.Api;

namespace Tdcc.Mesh.Cli.Inspect;

/// <summary>
/// One MultiClusterNetworkPolicy as <c>kubectl tdcc policies</c> shows it: its rules in short, where it is enforced,
/// what cannot be, and the refusals the enforcing gateways counted (read from their status documents).
/// </summary>
/// <param name="Policy">The policy as the hub holds it.</param>
/// <param name="Denials">The enforcing gateways' denials of this policy, with the cluster whose gateway counted them.</param>
/// <param name="Unread">Enforcing clusters whose gateway status could not be read, each with why.</param>
internal sealed record PolicySummary(MultiClusterNetworkPolicy Policy, IReadOnlyList<(string Cluster, PolicyDenialStatus Denial)> Denials, IReadOnlyList<string> Unread) : INamespacedSummary
{
    public string Namespace => Policy.Metadata.Namespace ?? string.Empty;

    public string Name => Policy.Metadata.Name ?? string.Empty;

    /// <summary>The policy's key in the gateways' denials (<c>&lt;namespace&gt;/&lt;name&gt;</c>).</summary>
    public string Key => Namespace + "/" + Name;

    public IReadOnlyList<string> EnforcedClusters => Policy.Status?.EnforcedClusters is { } clusters ? clusters : [];

    /// <summary>The targets, or <c>*</c> for every service of the namespace.</summary>
    public string Targets => Policy.Spec?.TargetRefs is { IsDefaultOrEmpty: false } refs ? string.Join(",", refs.Select(r => r.Name)) : "*";

    /// <summary>Each rule as <c>Deny west</c>, <c>Allow ns:ops GET /api/*</c>, then <c>default Deny</c> when so.</summary>
    public string RulesCell
    {
        get
        {
            var rules = (Policy.Spec?.Rules ?? []).Select(Rule).ToList();
            if (string.Equals(Policy.Spec?.DefaultAction, "Deny", StringComparison.Ordinal))
            {
                rules.Add("default Deny");
            }

            return rules.Count == 0 ? "-" : string.Join("; ", rules);
        }
    }

    /// <summary>The <c>RulesEnforced</c> message when it is false.</summary>
    public string? Unenforceable => ConditionSet.Find(Policy.Status?.Conditions, NetworkPolicyConditions.RulesEnforced) is { Status: ConditionSet.False } condition ? condition.Message : null;

    /// <summary>The total refused by the enforcing gateways; null when none of them could be read.</summary>
    public long? Denied => Denials.Count == 0 && Unread.Count > 0 && Unread.Count >= EnforcedClusters.Count ? null : Denials.Sum(d => d.Denial.Denied);

    public JsonObject ToJson() => new()
    {
        ["namespace"] = Namespace,
        ["name"] = Name,
        ["targets"] = Targets,
        ["priority"] = Policy.Spec?.Priority ?? 0,
        ["defaultAction"] = Policy.Spec?.DefaultAction ?? "Allow",
        ["rules"] = RulesCell,
        ["enforcedClusters"] = new JsonArray([.. EnforcedClusters.Select(c => (JsonNode)JsonValue.Create(c))]),
        ["unenforceable"] = Unenforceable,
        ["denied"] = Denied,
        ["denials"] = new JsonArray([.. Denials.Select(d => (JsonNode)new JsonObject
        {
            ["gatewayCluster"] = d.Cluster,
            ["sourceCluster"] = d.Denial.SourceCluster,
            ["service"] = d.Denial.Service,
            ["denied"] = d.Denial.Denied,
        })]),
        ["unreadGateways"] = new JsonArray([.. Unread.Select(u => (JsonNode)JsonValue.Create(u))]),
        ["creationTimestamp"] = Policy.Metadata.CreationTimestamp,
        ["conditions"] = Conditions.ToJson(Policy.Status?.Conditions),
    };

    private static string Rule(NetworkPolicyRule rule)
    {
        var from = (rule.From ?? []).Select(Source).ToList();
        var to = (rule.To ?? []).Select(Operation).Where(o => o.Length > 0).ToList();
        var text = rule.Action ?? "?";
        text += " " + (from.Count == 0 ? "*" : string.Join("|", from));
        return to.Count == 0 ? text : text + " " + string.Join("|", to);
    }

    private static string Source(NetworkPolicySource source)
    {
        var parts = new List<string>();
        parts.AddRange((source.Clusters ?? []).Select(c => c));
        parts.AddRange((source.Namespaces ?? []).Select(n => "ns:" + n));
        parts.AddRange((source.ServiceAccounts ?? []).Select(s => "sa:" + s));
        return string.Join(",", parts);
    }

    private static string Operation(NetworkPolicyOperation operation)
    {
        var parts = new List<string>();
        if (operation.Ports is { IsDefaultOrEmpty: false } ports)
        {
            parts.Add(":" + string.Join(",", ports.Select(p => p.ToString(CultureInfo.InvariantCulture))));
        }

        if (operation.Http is { } http)
        {
            parts.AddRange(http.Methods ?? []);
            parts.AddRange(http.Paths ?? []);
        }

        if (operation.Grpc is { } grpc)
        {
            parts.Add(grpc.Method is null ? $"grpc {grpc.Service}" : $"grpc {grpc.Service}/{grpc.Method}");
        }

        return string.Join(" ", parts);
    }
}
