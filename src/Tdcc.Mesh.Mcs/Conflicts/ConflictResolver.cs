using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Mcs.Api;
using Reasons = Tdcc.Mesh.Mcs.Api.McsConditions.Reasons;

namespace Tdcc.Mesh.Mcs.Conflicts;

/// <summary>
/// KEP-1645 conflict resolution, as pure functions. The oldest export (by ServiceExport creationTimestamp, then
/// cluster id) wins every property; ports are the union of all exports, merged by name and then by protocol and
/// port, so the result has no duplicate names and no duplicate protocol/port pairs. Every export that disagrees
/// with the result gets Conflict=True with the reasons and a message naming the field and the winning cluster.
/// </summary>
public static class ConflictResolver
{
    private const string DefaultProtocol = "TCP";
    private const string DefaultSessionAffinity = "None";
    private const string DefaultInternalTrafficPolicy = "Cluster";

    /// <summary>Resolves the exports of one namespace/name; there must be at least one.</summary>
    public static ImportResolution Resolve(IEnumerable<ExportShape> exports)
    {
        ArgumentNullException.ThrowIfNull(exports);
        var ordered = exports
            .OrderBy(e => e.ExportedAt)
            .ThenBy(e => e.ClusterId, StringComparer.Ordinal)
            .ToList();
        if (ordered.Count == 0)
        {
            throw new ArgumentException("at least one export is needed", nameof(exports));
        }

        var winner = ordered[0];
        var (ports, portIssues) = MergePorts(ordered);
        var verdicts = ImmutableDictionary.CreateBuilder<string, ExportVerdict>(StringComparer.Ordinal);
        foreach (var export in ordered)
        {
            var issues = new List<(string Reason, string Message)>();
            if (!ReferenceEquals(export, winner))
            {
                issues.AddRange(PropertyIssues(export, winner));
            }

            if (portIssues.TryGetValue(export.ClusterId, out var exportPortIssues))
            {
                issues.AddRange(exportPortIssues.Select(message => (Reasons.PortConflict, message)));
            }

            verdicts[export.ClusterId] = issues.Count == 0
                ? ExportVerdict.None
                : new ExportVerdict(
                    true,
                    string.Join(',', issues.Select(i => i.Reason).Distinct(StringComparer.Ordinal)),
                    string.Join("; ", issues.Select(i => i.Message)));
        }

        var spec = new ServiceImportSpec
        {
            Type = winner.Type,
            Ports = ports,
            Ips = [],
            SessionAffinity = winner.Type == ServiceImportTypes.Headless ? null : winner.SessionAffinity ?? DefaultSessionAffinity,
            SessionAffinityConfig = winner.Type == ServiceImportTypes.Headless ? null : winner.SessionAffinityConfig,
            IpFamilies = winner.IpFamilies.IsDefaultOrEmpty ? null : winner.IpFamilies,
            InternalTrafficPolicy = winner.InternalTrafficPolicy,
            TrafficDistribution = winner.TrafficDistribution,
        };
        var clusters = ordered.Select(e => e.ClusterId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToImmutableArray();
        return new ImportResolution(spec, clusters, verdicts.ToImmutable(), winner.ExportedLabels, winner.ExportedAnnotations);
    }

    /// <summary>The union of ports, oldest export first; a port whose name or protocol/port pair is taken differently is left out and reported for its export.</summary>
    internal static (ImmutableArray<ServiceImportPort> Ports, Dictionary<string, List<string>> Issues) MergePorts(IReadOnlyList<ExportShape> ordered)
    {
        var merged = new List<(ServiceImportPort Port, ExportShape From)>();
        var issues = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var winner = ordered[0];
        foreach (var export in ordered)
        {
            foreach (var raw in export.Ports)
            {
                var port = Normalize(raw);
                var byName = merged.FindIndex(m => string.Equals(m.Port.Name ?? string.Empty, port.Name ?? string.Empty, StringComparison.Ordinal));
                if (byName >= 0)
                {
                    var existing = merged[byName];
                    if (existing.Port == port)
                    {
                        continue;
                    }

                    Report(issues, export, string.Create(CultureInfo.InvariantCulture,
                        $"ports: port {Quote(port.Name)} exported as {Describe(port)} here but {Describe(existing.Port)} by {Who(existing.From, winner)}"));
                    continue;
                }

                var byPair = merged.FindIndex(m => string.Equals(m.Port.Protocol, port.Protocol, StringComparison.Ordinal) && m.Port.Port == port.Port);
                if (byPair >= 0)
                {
                    var existing = merged[byPair];
                    Report(issues, export, string.Create(CultureInfo.InvariantCulture,
                        $"ports: {port.Protocol}/{port.Port} exported as port {Quote(port.Name)} here but as port {Quote(existing.Port.Name)} by {Who(existing.From, winner)}"));
                    continue;
                }

                merged.Add((port, export));
            }
        }

        return (merged.Select(m => m.Port).ToImmutableArray(), issues);
    }

    private static IEnumerable<(string Reason, string Message)> PropertyIssues(ExportShape export, ExportShape winner)
    {
        var by = Who(winner, winner);
        if (!string.Equals(export.Type, winner.Type, StringComparison.Ordinal))
        {
            yield return (Reasons.TypeConflict, $"type: exported as {export.Type} here but {winner.Type} by {by}");
        }

        var affinity = export.SessionAffinity ?? DefaultSessionAffinity;
        var winnerAffinity = winner.SessionAffinity ?? DefaultSessionAffinity;
        if (!string.Equals(affinity, winnerAffinity, StringComparison.Ordinal))
        {
            yield return (Reasons.SessionAffinityConflict, $"sessionAffinity: exported as {affinity} here but {winnerAffinity} by {by}");
        }
        else if (string.Equals(affinity, "ClientIP", StringComparison.Ordinal)
            && Timeout(export.SessionAffinityConfig) != Timeout(winner.SessionAffinityConfig))
        {
            yield return (Reasons.SessionAffinityConfigConflict,
                $"sessionAffinityConfig: clientIP.timeoutSeconds exported as {Show(Timeout(export.SessionAffinityConfig))} here but {Show(Timeout(winner.SessionAffinityConfig))} by {by}");
        }

        var policy = export.InternalTrafficPolicy ?? DefaultInternalTrafficPolicy;
        var winnerPolicy = winner.InternalTrafficPolicy ?? DefaultInternalTrafficPolicy;
        if (!string.Equals(policy, winnerPolicy, StringComparison.Ordinal))
        {
            yield return (Reasons.InternalTrafficPolicyConflict, $"internalTrafficPolicy: exported as {policy} here but {winnerPolicy} by {by}");
        }

        if (!string.Equals(export.TrafficDistribution, winner.TrafficDistribution, StringComparison.Ordinal))
        {
            yield return (Reasons.TrafficDistributionConflict,
                $"trafficDistribution: exported as {Show(export.TrafficDistribution)} here but {Show(winner.TrafficDistribution)} by {by}");
        }

        // An export that does not say (no families recorded) cannot disagree.
        if (!export.IpFamilies.IsDefaultOrEmpty && !winner.IpFamilies.IsDefaultOrEmpty && !export.IpFamilies.SequenceEqual(winner.IpFamilies))
        {
            yield return (Reasons.IPFamilyConflict,
                $"ipFamilies: exported as [{string.Join(",", export.IpFamilies)}] here but [{string.Join(",", winner.IpFamilies)}] by {by}");
        }

        if (!SameMap(export.ExportedLabels, winner.ExportedLabels))
        {
            yield return (Reasons.LabelsConflict, $"exportedLabels: exported as {{{Show(export.ExportedLabels)}}} here but {{{Show(winner.ExportedLabels)}}} by {by}");
        }

        if (!SameMap(export.ExportedAnnotations, winner.ExportedAnnotations))
        {
            yield return (Reasons.AnnotationsConflict,
                $"exportedAnnotations: exported as {{{Show(export.ExportedAnnotations)}}} here but {{{Show(winner.ExportedAnnotations)}}} by {by}");
        }
    }

    private static ServiceImportPort Normalize(ServiceImportPort port) =>
        new()
        {
            Name = string.IsNullOrEmpty(port.Name) ? null : port.Name,
            Protocol = string.IsNullOrEmpty(port.Protocol) ? DefaultProtocol : port.Protocol,
            AppProtocol = string.IsNullOrEmpty(port.AppProtocol) ? null : port.AppProtocol,
            Port = port.Port,
        };

    private static void Report(Dictionary<string, List<string>> issues, ExportShape export, string message)
    {
        if (!issues.TryGetValue(export.ClusterId, out var list))
        {
            issues[export.ClusterId] = list = [];
        }

        list.Add(message);
    }

    private static string Who(ExportShape from, ExportShape winner) =>
        ReferenceEquals(from, winner)
            ? $"the oldest export (cluster {from.ClusterId}, exported {Rfc3339DateTimeOffsetConverter.Format(from.ExportedAt)})"
            : $"an older export (cluster {from.ClusterId}, exported {Rfc3339DateTimeOffsetConverter.Format(from.ExportedAt)})";

    private static string Describe(ServiceImportPort port) =>
        string.Create(CultureInfo.InvariantCulture, $"{port.Protocol}/{port.Port}{(port.AppProtocol is null ? string.Empty : $" ({port.AppProtocol})")}");

    private static string Quote(string? name) => string.IsNullOrEmpty(name) ? "(unnamed)" : $"\"{name}\"";

    private static int? Timeout(SessionAffinityConfig? config) => config?.ClientIP?.TimeoutSeconds;

    private static string Show(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "unset";

    private static string Show(string? value) => value ?? "unset";

    private static string Show(ImmutableDictionary<string, string> map) =>
        string.Join(",", map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    private static bool SameMap(ImmutableDictionary<string, string> a, ImmutableDictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var v) && string.Equals(v, p.Value, StringComparison.Ordinal));
}
