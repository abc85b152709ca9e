using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Mcs.Api;
using Reasons = Tdcc.Mesh.Mcs.Api.McsConditions.Reasons;

namespace Tdcc.Mesh.Mcs.Conflicts;

/// <summary>
/// KEP-1645 conflict resolution, as pure functions. The oldest export (by ServiceExport creationTimestamp, then
/// cluster id) wins every property; ports are the union of all exports, merged by name and then by protocol and
/// port, so the result has no duplicate names and no duplicate protocol/port pairs. Every export that takes part in a
/// conflict gets Conflict=True with the reasons and a message naming the field and the winning cluster: the exports
/// that lose, and the one whose value wins (the oldest, or for a port the export that holds it), as the MCS
/// conformance suite expects.
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
        var issues = new Dictionary<string, List<(string Reason, string Message)>>(StringComparer.Ordinal);
        var winnerSide = new List<(string Reason, string Field, string Value, List<string> Others)>();
        foreach (var export in ordered.Skip(1))
        {
            foreach (var difference in PropertyDifferences(export, winner))
            {
                Add(issues, export.ClusterId, difference.Reason, $"{difference.Field} exported as {difference.Mine} here but {difference.Theirs} by {Who(winner, winner)}");
                var index = winnerSide.FindIndex(w => string.Equals(w.Field, difference.Field, StringComparison.Ordinal));
                if (index < 0)
                {
                    winnerSide.Add((difference.Reason, difference.Field, difference.Theirs, []));
                    index = winnerSide.Count - 1;
                }

                winnerSide[index].Others.Add($"cluster {export.ClusterId} exports {difference.Mine}");
            }
        }

        // The winner takes part in every property conflict: it learns which clusters disagree and that its value wins.
        foreach (var (reason, field, value, others) in winnerSide)
        {
            Add(issues, winner.ClusterId, reason, $"{field} exported as {value} here, which wins as {Who(winner, winner)}; {string.Join(", ", others)}");
        }

        foreach (var (cluster, messages) in portIssues)
        {
            foreach (var message in messages)
            {
                Add(issues, cluster, Reasons.PortConflict, message);
            }
        }

        var verdicts = ImmutableDictionary.CreateBuilder<string, ExportVerdict>(StringComparer.Ordinal);
        foreach (var export in ordered)
        {
            verdicts[export.ClusterId] = !issues.TryGetValue(export.ClusterId, out var list) || list.Count == 0
                ? ExportVerdict.None
                : new ExportVerdict(
                    true,
                    string.Join(',', list.Select(i => i.Reason).Distinct(StringComparer.Ordinal)),
                    string.Join("; ", list.Select(i => i.Message)));
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

    /// <summary>
    /// The union of ports, oldest export first; a port whose name or protocol/port pair is taken differently is left
    /// out and reported for its export, and the export holding the port is told which clusters it wins against.
    /// </summary>
    internal static (ImmutableArray<ServiceImportPort> Ports, Dictionary<string, List<string>> Issues) MergePorts(IReadOnlyList<ExportShape> ordered)
    {
        var merged = new List<(ServiceImportPort Port, ExportShape From)>();
        var issues = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var held = new List<(ExportShape Holder, string Head, List<string> Others)>();
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
                    Hold(held, existing.From, $"ports: port {Quote(existing.Port.Name)} exported as {Describe(existing.Port)} here, which wins as {Who(existing.From, winner)}",
                        $"cluster {export.ClusterId} exports {Describe(port)}");
                    continue;
                }

                var byPair = merged.FindIndex(m => string.Equals(m.Port.Protocol, port.Protocol, StringComparison.Ordinal) && m.Port.Port == port.Port);
                if (byPair >= 0)
                {
                    var existing = merged[byPair];
                    Report(issues, export, string.Create(CultureInfo.InvariantCulture,
                        $"ports: {port.Protocol}/{port.Port} exported as port {Quote(port.Name)} here but as port {Quote(existing.Port.Name)} by {Who(existing.From, winner)}"));
                    Hold(held, existing.From, string.Create(CultureInfo.InvariantCulture,
                        $"ports: {existing.Port.Protocol}/{existing.Port.Port} exported as port {Quote(existing.Port.Name)} here, which wins as {Who(existing.From, winner)}"),
                        $"cluster {export.ClusterId} exports it as port {Quote(port.Name)}");
                    continue;
                }

                merged.Add((port, export));
            }
        }

        foreach (var (holder, head, others) in held)
        {
            Report(issues, holder, $"{head}; {string.Join(", ", others)}");
        }

        return (merged.Select(m => m.Port).ToImmutableArray(), issues);
    }

    private static void Hold(List<(ExportShape Holder, string Head, List<string> Others)> held, ExportShape holder, string head, string other)
    {
        var index = held.FindIndex(h => ReferenceEquals(h.Holder, holder) && string.Equals(h.Head, head, StringComparison.Ordinal));
        if (index < 0)
        {
            held.Add((holder, head, [other]));
        }
        else
        {
            held[index].Others.Add(other);
        }
    }

    private static void Add(Dictionary<string, List<(string Reason, string Message)>> issues, string cluster, string reason, string message)
    {
        if (!issues.TryGetValue(cluster, out var list))
        {
            issues[cluster] = list = [];
        }

        list.Add((reason, message));
    }

    /// <summary>Each property in which <paramref name="export"/> differs from the winner: the field (with its colon), this export's value and the winner's.</summary>
    private static IEnumerable<(string Reason, string Field, string Mine, string Theirs)> PropertyDifferences(ExportShape export, ExportShape winner)
    {
        if (!string.Equals(export.Type, winner.Type, StringComparison.Ordinal))
        {
            yield return (Reasons.TypeConflict, "type:", export.Type, winner.Type);
        }

        var affinity = export.SessionAffinity ?? DefaultSessionAffinity;
        var winnerAffinity = winner.SessionAffinity ?? DefaultSessionAffinity;
        if (!string.Equals(affinity, winnerAffinity, StringComparison.Ordinal))
        {
            yield return (Reasons.SessionAffinityConflict, "sessionAffinity:", affinity, winnerAffinity);
        }
        else if (string.Equals(affinity, "ClientIP", StringComparison.Ordinal)
            && Timeout(export.SessionAffinityConfig) != Timeout(winner.SessionAffinityConfig))
        {
            yield return (Reasons.SessionAffinityConfigConflict, "sessionAffinityConfig: clientIP.timeoutSeconds",
                Show(Timeout(export.SessionAffinityConfig)), Show(Timeout(winner.SessionAffinityConfig)));
        }

        var policy = export.InternalTrafficPolicy ?? DefaultInternalTrafficPolicy;
        var winnerPolicy = winner.InternalTrafficPolicy ?? DefaultInternalTrafficPolicy;
        if (!string.Equals(policy, winnerPolicy, StringComparison.Ordinal))
        {
            yield return (Reasons.InternalTrafficPolicyConflict, "internalTrafficPolicy:", policy, winnerPolicy);
        }

        if (!string.Equals(export.TrafficDistribution, winner.TrafficDistribution, StringComparison.Ordinal))
        {
            yield return (Reasons.TrafficDistributionConflict, "trafficDistribution:", Show(export.TrafficDistribution), Show(winner.TrafficDistribution));
        }

        // An export that does not say (no families recorded) cannot disagree.
        if (!export.IpFamilies.IsDefaultOrEmpty && !winner.IpFamilies.IsDefaultOrEmpty && !export.IpFamilies.SequenceEqual(winner.IpFamilies))
        {
            yield return (Reasons.IPFamilyConflict, "ipFamilies:", $"[{string.Join(",", export.IpFamilies)}]", $"[{string.Join(",", winner.IpFamilies)}]");
        }

        if (!SameMap(export.ExportedLabels, winner.ExportedLabels))
        {
            yield return (Reasons.LabelsConflict, "exportedLabels:", $"{{{Show(export.ExportedLabels)}}}", $"{{{Show(winner.ExportedLabels)}}}");
        }

        if (!SameMap(export.ExportedAnnotations, winner.ExportedAnnotations))
        {
            yield return (Reasons.AnnotationsConflict, "exportedAnnotations:", $"{{{Show(export.ExportedAnnotations)}}}", $"{{{Show(winner.ExportedAnnotations)}}}");
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
