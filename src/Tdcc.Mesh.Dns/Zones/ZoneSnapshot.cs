using System.Collections.Immutable;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>
/// An immutable <c>clusterset.local</c> zone as one member cluster sees it, built from the services the MCS
/// agent imports. Lookups follow the MCS DNS specification and RFC 1034/2308: NXDOMAIN when a name does not
/// exist, NODATA (NOERROR, no answers, SOA in authority) when it exists without the asked type, REFUSED
/// outside the zone.
/// </summary>
public sealed class ZoneSnapshot
{
    private readonly ImmutableDictionary<DnsName, ZoneNode> _nodes;
    private readonly ImmutableDictionary<ServiceKey, ServiceZoneEntry> _services;
    private readonly ImmutableDictionary<DnsName, int> _ancestors;
    private readonly ImmutableList<ServiceKey> _rejectedKeys;
    private readonly DnsName[] _baseNames;
    private readonly bool _incremental;
    private readonly DnsRecord[] _negativeAuthority;
    private readonly DnsName _apex;

    private ZoneSnapshot(
        ImmutableDictionary<DnsName, ZoneNode> nodes,
        ImmutableDictionary<ServiceKey, ServiceZoneEntry> services,
        ImmutableDictionary<DnsName, int> ancestors,
        ImmutableList<ServiceKey> rejectedKeys,
        DnsName[] baseNames,
        bool incremental,
        IReadOnlyList<string> rejected,
        ZoneSnapshotBuilder builder,
        SoaRecordData soa,
        ClusterSetZoneOptions options)
    {
        _apex = builder.Apex;
        _nodes = nodes;
        _services = services;
        _ancestors = ancestors;
        _rejectedKeys = rejectedKeys;
        _baseNames = baseNames;
        _incremental = incremental;
        // RFC 2308 3: the SOA in a negative answer carries min(SOA TTL, SOA MINIMUM).
        _negativeAuthority = [new DnsRecord(_apex, Math.Min((uint)options.Ttl.TotalSeconds, builder.NegativeTtl), soa)];
        Serial = soa.Serial;
        Options = options;
        Rejected = rejected;
    }

    /// <summary>The SOA serial.</summary>
    public uint Serial { get; }

    /// <summary>The settings the snapshot was built with.</summary>
    public ClusterSetZoneOptions Options { get; }

    /// <summary>How many names exist in the zone, empty non-terminals included.</summary>
    public int NameCount => _nodes.Count;

    /// <summary>Input left out because it cannot be published (a name that is not a DNS label, a bad port), one line each.</summary>
    public IReadOnlyList<string> Rejected { get; }

    /// <summary>How many services (distinct <see cref="ServiceKey"/>s) the snapshot was given, rejected ones included.</summary>
    public int ServiceCount => _services.Count;

    internal DnsName Apex => _apex;

    internal IEnumerable<ZoneNode> Nodes => _nodes.Values;

    /// <summary>A zone holding only the apex records (SOA, NS) and the dns-version TXT record.</summary>
    public static ZoneSnapshot Empty(ClusterSetZoneOptions? options = null) => Build([], options);

    /// <summary>Builds a snapshot from the imported services; record sets with the same <see cref="ServiceKey"/> are merged.</summary>
    public static ZoneSnapshot Build(IEnumerable<ServiceRecordSet> services, ClusterSetZoneOptions? options = null, uint serial = 1)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new ClusterSetZoneOptions();
        var groups = new Dictionary<ServiceKey, ImmutableArray<ServiceRecordSet>.Builder>();
        var order = new List<ServiceKey>();
        foreach (var service in services)
        {
            ArgumentNullException.ThrowIfNull(service);
            var key = ServiceKey.Of(service);
            if (!groups.TryGetValue(key, out var group))
            {
                group = ImmutableArray.CreateBuilder<ServiceRecordSet>();
                groups[key] = group;
                order.Add(key);
            }

            group.Add(service);
        }

        return Create(options, serial, order.Select(key => KeyValuePair.Create(key, groups[key].ToImmutable())));
    }

    /// <summary>
    /// A new snapshot with <paramref name="service"/> added, or replacing the service with the same <see cref="ServiceKey"/>.
    /// Only that service's names are built; every other service's are reused. Its answers equal those of a full
    /// <see cref="Build"/> of the resulting services.
    /// </summary>
    public ZoneSnapshot With(ServiceRecordSet service, uint serial) => Apply([service], [], serial);

    /// <summary>A new snapshot without the service <paramref name="namespace"/>/<paramref name="name"/> (unchanged names when absent).</summary>
    public ZoneSnapshot Without(string @namespace, string name, uint serial) => Apply([], [new ServiceKey(@namespace, name)], serial);

    /// <summary>
    /// A new snapshot with <paramref name="removals"/> removed, then each of <paramref name="upserts"/> added or replacing
    /// the service with its key. Only the changed services' names are built.
    /// </summary>
    public ZoneSnapshot Apply(IEnumerable<ServiceRecordSet> upserts, IEnumerable<ServiceKey> removals, uint serial)
    {
        ArgumentNullException.ThrowIfNull(upserts);
        ArgumentNullException.ThrowIfNull(removals);
        var upserted = upserts.ToList();
        foreach (var service in upserted)
        {
            ArgumentNullException.ThrowIfNull(service);
        }

        if (!_incremental)
        {
            var services = _services.ToBuilder();
            foreach (var key in removals)
            {
                services.Remove(key);
            }

            foreach (var service in upserted)
            {
                services[ServiceKey.Of(service)] = ServiceZoneEntry.Unbuilt([service]);
            }

            return Create(Options, serial, services.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Sets)));
        }

        var state = new State(this);
        foreach (var key in removals)
        {
            state.Remove(key);
        }

        foreach (var service in upserted)
        {
            var key = ServiceKey.Of(service);
            state.Remove(key);
            state.Insert(key, ServiceZoneEntry.Create([service], Options));
        }

        return state.Finish(Options, serial);
    }

    private static ZoneSnapshot Create(ClusterSetZoneOptions options, uint serial, IEnumerable<KeyValuePair<ServiceKey, ImmutableArray<ServiceRecordSet>>> services)
    {
        var builder = new ZoneSnapshotBuilder(options);
        var nameServer = DnsName.Parse(options.NameServer);
        if (nameServer.IsSubdomainOf(builder.Services))
        {
            // The name server's glue would share names with services: build the zone whole, every time.
            var soa = builder.AddApex(serial);
            var entries = ImmutableDictionary.CreateBuilder<ServiceKey, ServiceZoneEntry>();
            foreach (var (key, sets) in services)
            {
                foreach (var service in sets)
                {
                    builder.AddService(service);
                }

                entries[key] = ServiceZoneEntry.Unbuilt(sets);
            }

            return new ZoneSnapshot(
                builder.BuildNodes().ToImmutableDictionary(node => node.Name), entries.ToImmutable(), ImmutableDictionary<DnsName, int>.Empty,
                [], [], incremental: false, [.. builder.Rejected], builder, soa, options);
        }

        var state = new State(builder.Apex);
        foreach (var (key, sets) in services)
        {
            state.Insert(key, ServiceZoneEntry.Create(sets, options));
        }

        return state.Finish(options, serial);
    }

    /// <summary>Mutable working copy of a snapshot's persistent maps while one update is applied.</summary>
    private sealed class State
    {
        private readonly DnsName _apex;
        private readonly ImmutableDictionary<DnsName, ZoneNode>.Builder _nodes;
        private readonly ImmutableDictionary<ServiceKey, ServiceZoneEntry>.Builder _services;
        private readonly ImmutableDictionary<DnsName, int>.Builder _ancestors;
        private readonly ImmutableList<ServiceKey>.Builder _rejectedKeys;

        public State(DnsName apex)
        {
            _apex = apex;
            _nodes = ImmutableDictionary.CreateBuilder<DnsName, ZoneNode>();
            _services = ImmutableDictionary.CreateBuilder<ServiceKey, ServiceZoneEntry>();
            _ancestors = ImmutableDictionary.CreateBuilder<DnsName, int>();
            _rejectedKeys = ImmutableList.CreateBuilder<ServiceKey>();
        }

        public State(ZoneSnapshot previous)
        {
            _apex = previous._apex;
            _nodes = previous._nodes.ToBuilder();
            _services = previous._services.ToBuilder();
            _ancestors = previous._ancestors.ToBuilder();
            _rejectedKeys = previous._rejectedKeys.ToBuilder();
            foreach (var name in previous._baseNames)
            {
                _nodes.Remove(name);
            }
        }

        public void Remove(ServiceKey key)
        {
            if (!_services.TryGetValue(key, out var old))
            {
                return;
            }

            _services.Remove(key);
            foreach (var node in old.Nodes)
            {
                _nodes.Remove(node.Name);
            }

            foreach (var ancestor in old.Ancestors(_apex))
            {
                var count = _ancestors[ancestor] - 1;
                if (count == 0)
                {
                    _ancestors.Remove(ancestor);
                    _nodes.Remove(ancestor);
                }
                else
                {
                    _ancestors[ancestor] = count;
                }
            }

            if (old.Rejected.Length > 0)
            {
                _rejectedKeys.Remove(key);
            }
        }

        public void Insert(ServiceKey key, ServiceZoneEntry entry)
        {
            _services[key] = entry;
            foreach (var node in entry.Nodes)
            {
                _nodes[node.Name] = node;
            }

            foreach (var ancestor in entry.Ancestors(_apex))
            {
                var count = _ancestors.GetValueOrDefault(ancestor);
                _ancestors[ancestor] = count + 1;
                if (count == 0)
                {
                    _nodes[ancestor] = new ZoneNode(ancestor, ImmutableDictionary<DnsRecordType, DnsRecord[]>.Empty, ImmutableDictionary<DnsRecordType, DnsRecord[]>.Empty);
                }
            }

            if (entry.Rejected.Length > 0)
            {
                _rejectedKeys.Add(key);
            }
        }

        public ZoneSnapshot Finish(ClusterSetZoneOptions options, uint serial)
        {
            // The apex, dns-version and name-server names carry the serial: rebuilt every time (a handful of names).
            var builder = new ZoneSnapshotBuilder(options);
            var soa = builder.AddApex(serial);
            var baseNodes = builder.BuildNodes().ToArray();
            foreach (var node in baseNodes)
            {
                _nodes[node.Name] = node;
            }

            var services = _services.ToImmutable();
            var rejectedKeys = _rejectedKeys.ToImmutable();
            string[] rejected = [.. rejectedKeys.SelectMany(key => services[key].Rejected)];
            return new ZoneSnapshot(
                _nodes.ToImmutable(), services, _ancestors.ToImmutable(), rejectedKeys, [.. baseNodes.Select(node => node.Name)],
                incremental: true, rejected, builder, soa, options);
        }
    }

    /// <summary>Writes the zone in RFC 1035 master-file form (the SOA first), as NSD or BIND would load it.</summary>
    public void WriteZoneFile(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ZoneFileWriter.Write(this, writer);
    }

    /// <summary>Answers one question from this snapshot.</summary>
    internal DnsResponseContent Lookup(DnsQuestion question)
    {
        if ((question.Class != DnsClass.Internet && question.Class != DnsClass.Any) || !question.Name.IsSubdomainOf(_apex)
            || question.Type is DnsRecordType.AXFR or DnsRecordType.IXFR or DnsRecordType.OPT)
        {
            return DnsResponseContent.Error(DnsResponseCode.Refused);
        }

        if (!_nodes.TryGetValue(question.Name, out var node))
        {
            return new DnsResponseContent(DnsResponseCode.NXDomain, true, [], _negativeAuthority, []);
        }

        if (question.Type == DnsRecordType.ANY)
        {
            return node.All.Count > 0 ? new DnsResponseContent(DnsResponseCode.NoError, true, node.All, [], []) : NoData();
        }

        return node.TryGet(question.Type, out var records)
            ? new DnsResponseContent(DnsResponseCode.NoError, true, records, [], node.AdditionalFor(question.Type))
            : NoData();
    }

    private DnsResponseContent NoData() => new(DnsResponseCode.NoError, true, [], _negativeAuthority, []);
}
