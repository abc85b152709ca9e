using System.Collections.Immutable;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Aggregation;

/// <summary>
/// Hands out the gateway listen ports of the hub ServiceImports (<see cref="GatewayPorts"/>), one process-wide object
/// shared by the aggregation's workers: an assignment is computed under one lock against every other import's stored
/// ports (the informer) and the ports this process handed out but whose write the informer may not show yet (the
/// claims), so two concurrent reconciles never pick one port. Only the leader's aggregation writes; should a stale cache
/// at a leader change still let two imports hold one port, the younger import (creation time, then name) yields: the
/// older one keeps it and removes it from the younger's annotation (<see cref="GatewayPortAssignment.Evictions"/>), whose
/// reconcile then picks another.
/// </summary>
internal sealed class GatewayPortAllocator
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, ImmutableSortedDictionary<int, int>> _claims = new(StringComparer.Ordinal);

    /// <summary>
    /// The listen ports of hub import <paramref name="name"/> (service <paramref name="service"/>, stored as
    /// <paramref name="existing"/> or not yet) for its TCP <paramref name="ports"/>, given the <paramref name="others"/>.
    /// </summary>
    public GatewayPortAssignment Assign(string name, string service, ServiceImport? existing, IEnumerable<int> ports, IEnumerable<ServiceImport> others)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(others);
        lock (_lock)
        {
            var keepBlocked = new HashSet<int>();
            var allocateBlocked = new HashSet<int>();
            var younger = new List<(ServiceImport Import, ImmutableSortedDictionary<int, int> Ports)>();
            foreach (var other in others.Where(o => !string.Equals(o.Metadata.Name, name, StringComparison.Ordinal) && o.Metadata.DeletionTimestamp is null))
            {
                var theirs = GatewayPorts.Parse(other.Metadata.Annotations?.GetValueOrDefault(McsLabels.GatewayPortsAnnotation));
                if (Precedes(other, existing, name))
                {
                    keepBlocked.UnionWith(theirs.Values);
                }
                else
                {
                    allocateBlocked.UnionWith(theirs.Values);
                    younger.Add((other, theirs));
                }
            }

            foreach (var (claimant, claim) in _claims)
            {
                if (!string.Equals(claimant, name, StringComparison.Ordinal))
                {
                    keepBlocked.UnionWith(claim.Values);
                }
            }

            var current = GatewayPorts.Parse(existing?.Metadata.Annotations?.GetValueOrDefault(McsLabels.GatewayPortsAnnotation));
            var assigned = GatewayPorts.Allocate(service, ports, current, keepBlocked, allocateBlocked);
            _claims[name] = assigned;
            var mine = assigned.Values.ToHashSet();
            var evictions = younger
                .Where(y => y.Ports.Values.Any(mine.Contains))
                .Select(y => new GatewayPortEviction(y.Import, y.Ports.RemoveRange(y.Ports.Where(pair => mine.Contains(pair.Value)).Select(pair => pair.Key))))
                .ToImmutableArray();
            return new GatewayPortAssignment(assigned, evictions);
        }
    }

    /// <summary>Forgets the claims of an import that went.</summary>
    public void Release(string name)
    {
        lock (_lock)
        {
            _claims.Remove(name);
        }
    }

    /// <summary>Whether <paramref name="other"/> was there before import <paramref name="name"/> (not yet created: everyone was).</summary>
    private static bool Precedes(ServiceImport other, ServiceImport? existing, string name)
    {
        var mine = existing?.Metadata.CreationTimestamp;
        var theirs = other.Metadata.CreationTimestamp;
        if (mine is null)
        {
            return true;
        }

        if (theirs is null || theirs != mine)
        {
            return theirs is not null && theirs < mine;
        }

        return string.CompareOrdinal(other.Metadata.Name, name) < 0;
    }
}

/// <summary>An import's listen ports, and the younger imports that must give some of them up.</summary>
internal sealed record GatewayPortAssignment(ImmutableSortedDictionary<int, int> Ports, ImmutableArray<GatewayPortEviction> Evictions);

/// <summary>A younger import that held one of the ports: what its annotation keeps.</summary>
internal sealed record GatewayPortEviction(ServiceImport Import, ImmutableSortedDictionary<int, int> Remaining);
