using System.Globalization;
using System.Net;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Zones;

/// <summary>
/// Turns the plain service model into zone nodes following the MCS DNS specification (schema 1.0.0).
/// Invalid input (a name that is not a DNS label, a bad port) skips that piece and is reported, so one
/// bad ServiceImport never takes the zone down.
/// </summary>
internal sealed class ZoneSnapshotBuilder
{
    private const ushort SrvPriority = 0;
    private const ushort SrvWeight = 100;

    private readonly Dictionary<DnsName, Node> _nodes = [];
    private readonly List<string> _rejected = [];
    private readonly ClusterSetZoneOptions _options;
    private readonly uint _ttl;

    public ZoneSnapshotBuilder(ClusterSetZoneOptions options)
    {
        _options = options;
        Apex = DnsName.Parse(options.Zone);
        _ttl = Seconds(options.Ttl);
        NegativeTtl = Seconds(options.NegativeTtl);
        Services = Apex.Prepend("svc");
    }

    public DnsName Apex { get; }

    public DnsName Services { get; }

    public uint NegativeTtl { get; }

    public IReadOnlyList<string> Rejected => _rejected;

    public SoaRecordData AddApex(uint serial)
    {
        var nameServer = DnsName.Parse(_options.NameServer);
        var soa = new SoaRecordData(nameServer, DnsName.Parse(_options.Mailbox), serial, 7200, 1800, 86400, NegativeTtl);
        Add(Apex, soa);
        Add(Apex, new NsRecordData(nameServer));
        if (nameServer.IsSubdomainOf(Apex))
        {
            foreach (var address in _options.NameServerAddresses)
            {
                Add(nameServer, new AddressRecordData(address));
            }
        }

        Add(Apex.Prepend("dns-version"), new TxtRecordData(_options.SchemaVersion));
        return soa;
    }

    /// <summary>The name of the service, or null when its namespace or name is not a DNS label.</summary>
    public DnsName? ServiceNameOf(ServiceRecordSet service) =>
        Services.TryPrepend(service.Namespace, out var namespaceName) && namespaceName.TryPrepend(service.Name, out var serviceName) ? serviceName : null;

    public void AddService(ServiceRecordSet service)
    {
        if (ServiceNameOf(service) is not { } serviceName)
        {
            _rejected.Add($"service {service.Namespace}/{service.Name}: namespace and name must be DNS labels");
            return;
        }

        var ports = ValidPorts(service);
        if (service.Type == ServiceType.ClusterSetIP)
        {
            AddClusterSetIpService(serviceName, service, ports);
        }
        else
        {
            AddHeadlessService(serviceName, service, ports);
        }
    }

    public IEnumerable<ZoneNode> BuildNodes()
    {
        foreach (var (name, node) in _nodes)
        {
            var records = node.Data.ToDictionary(
                pair => pair.Key,
                pair => pair.Value.Select(data => new DnsRecord(name, _ttl, data)).ToArray());
            var additional = new Dictionary<DnsRecordType, DnsRecord[]>();
            foreach (var type in (ReadOnlySpan<DnsRecordType>)[DnsRecordType.SRV, DnsRecordType.NS])
            {
                if (records.TryGetValue(type, out var set))
                {
                    additional[type] = [.. set.Select(TargetOf).Distinct().SelectMany(AddressesOf)];
                }
            }

            yield return new ZoneNode(name, records, additional);
        }
    }

    private void AddClusterSetIpService(DnsName serviceName, ServiceRecordSet service, List<ServicePortRecord> ports)
    {
        Touch(serviceName);
        foreach (var address in service.ClusterSetIps)
        {
            Add(serviceName, new AddressRecordData(address));
        }

        foreach (var port in ports)
        {
            AddSrv(serviceName, port, serviceName);
        }
    }

    private void AddHeadlessService(DnsName serviceName, ServiceRecordSet service, List<ServicePortRecord> ports)
    {
        // Only ready endpoints are published; with none the service name does not exist at all.
        var targets = new List<DnsName>();
        foreach (var endpoint in service.Endpoints)
        {
            if (!endpoint.Ready || endpoint.Addresses.Count == 0)
            {
                continue;
            }

            if (!serviceName.TryPrepend(endpoint.ClusterId, out var clusterName))
            {
                _rejected.Add($"service {service.Namespace}/{service.Name}: cluster id '{endpoint.ClusterId}' is not a DNS label");
                continue;
            }

            if (!string.IsNullOrEmpty(endpoint.Hostname))
            {
                if (!clusterName.TryPrepend(endpoint.Hostname, out var host))
                {
                    _rejected.Add($"service {service.Namespace}/{service.Name}: hostname '{endpoint.Hostname}' is not a DNS label");
                    continue;
                }

                AddEndpoint(serviceName, host, endpoint.Addresses, targets);
                continue;
            }

            foreach (var address in endpoint.Addresses)
            {
                AddEndpoint(serviceName, clusterName.Prepend(DashedAddress(address)), [address], targets);
            }
        }

        foreach (var port in ports)
        {
            foreach (var target in targets.Distinct())
            {
                AddSrv(serviceName, port, target);
            }
        }
    }

    private void AddEndpoint(DnsName serviceName, DnsName host, IReadOnlyList<IPAddress> addresses, List<DnsName> targets)
    {
        foreach (var address in addresses)
        {
            var data = new AddressRecordData(address);
            Add(host, data);
            Add(serviceName, data);
        }

        targets.Add(host);
    }

    // The bare service name carries one SRV per distinct port; a named port adds _name._proto.<service>.
    private void AddSrv(DnsName serviceName, ServicePortRecord port, DnsName target)
    {
        var data = new SrvRecordData(SrvPriority, SrvWeight, (ushort)port.Port, target);
        Add(serviceName, data);
        if (!string.IsNullOrEmpty(port.Name))
        {
            var protocol = serviceName.Prepend("_" + port.Protocol.ToLowerInvariant());
            Add(protocol.Prepend("_" + port.Name), data);
        }
    }

    private List<ServicePortRecord> ValidPorts(ServiceRecordSet service)
    {
        var valid = new List<ServicePortRecord>();
        foreach (var port in service.Ports)
        {
            var protocolOk = port.Protocol is not null && (port.Protocol.Equals("TCP", StringComparison.OrdinalIgnoreCase)
                || port.Protocol.Equals("UDP", StringComparison.OrdinalIgnoreCase)
                || port.Protocol.Equals("SCTP", StringComparison.OrdinalIgnoreCase));
            var nameOk = string.IsNullOrEmpty(port.Name) || (port.Name.Length < DnsWireLimits.MaxLabelLength && Services.TryPrepend("_" + port.Name, out _));
            if (!protocolOk || !nameOk || port.Port is < 1 or > ushort.MaxValue)
            {
                _rejected.Add($"service {service.Namespace}/{service.Name}: port {port.Name}/{port.Protocol}/{port.Port.ToString(CultureInfo.InvariantCulture)} is invalid");
                continue;
            }

            valid.Add(port);
        }

        return valid;
    }

    private static string DashedAddress(IPAddress address) =>
        address.ToString().Replace('.', '-').Replace(':', '-');

    private DnsName TargetOf(DnsRecord record) => record.Data switch
    {
        SrvRecordData srv => srv.Target,
        NsRecordData ns => ns.Host,
        _ => Apex,
    };

    private IEnumerable<DnsRecord> AddressesOf(DnsName name)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            yield break;
        }

        foreach (var type in (DnsRecordType[])[DnsRecordType.A, DnsRecordType.AAAA])
        {
            if (node.Data.TryGetValue(type, out var set))
            {
                foreach (var data in set)
                {
                    yield return new DnsRecord(name, _ttl, data);
                }
            }
        }
    }

    private void Add(DnsName name, RecordData data)
    {
        var node = Touch(name);
        if (!node.Seen.Add(data))
        {
            return;
        }

        if (!node.Data.TryGetValue(data.Type, out var set))
        {
            set = [];
            node.Data[data.Type] = set;
        }

        set.Add(data);
    }

    // Creates the node and every ancestor up to the apex, so intermediate names exist (empty non-terminals).
    private Node Touch(DnsName name)
    {
        if (_nodes.TryGetValue(name, out var node))
        {
            return node;
        }

        node = new Node();
        _nodes[name] = node;
        if (!name.Equals(Apex) && name.LabelCount > Apex.LabelCount)
        {
            Touch(name.Parent());
        }

        return node;
    }

    private static uint Seconds(TimeSpan span) => (uint)Math.Clamp(span.TotalSeconds, 0, int.MaxValue);

    private sealed class Node
    {
        public Dictionary<DnsRecordType, List<RecordData>> Data { get; } = [];

        public HashSet<RecordData> Seen { get; } = [];
    }
}
