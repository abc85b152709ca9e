using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.Xds.Protos.Istio.Networking;
using Tdcc.Mesh.Xds.Translation;

namespace Tdcc.Mesh.Xds.Istio;

/// <summary>
/// The Istio view of one member cluster: per clusterset service (ServiceImport) a ServiceEntry for
/// <c>&lt;svc&gt;.&lt;ns&gt;.svc.clusterset.local</c>, the WorkloadEntries it selects, and a DestinationRule from its
/// TrafficPolicy. See docs/istio.md for why the entries are what they are:
/// <list type="bullet">
/// <item>The cluster's own ready endpoints: one WorkloadEntry each (pod IP, target ports, the cluster's network and
/// locality), so Istio's sidecars reach them directly, with Istio's mutual TLS.</item>
/// <item>Every other cluster: one WorkloadEntry for the cluster's own east-west gateway (its address, the service's
/// allocated listen ports, the cluster's network; locality region/zone of the cluster with sub-zone
/// <see cref="IstioLabels.ViaGateway"/>, so Istio's locality failover prefers the local pods and fails over to the
/// gateway), weighted by the other clusters' ready endpoints. The gateway picks the remote cluster and carries the
/// request through its mutual-TLS tunnel, as it does for every other client.</item>
/// </list>
/// </summary>
public static class IstioTranslator
{
    /// <summary>The name suffix of the ServiceEntry, the DestinationRule and the WorkloadEntries of a service.</summary>
    public const string NameSuffix = "-clusterset";

    /// <summary>The Istio objects of <paramref name="cluster"/>'s view, services in namespace/name order.</summary>
    public static IReadOnlyList<IstioObject> ForCluster(ClusterSetModel model, string cluster, IstioOptions? options = null) =>
        ForCluster(new ModelIndex(model), cluster, options ?? IstioOptions.Default);

    internal static IReadOnlyList<IstioObject> ForCluster(ModelIndex index, string cluster, IstioOptions options) =>
        [.. Services(index, cluster, options), .. Workloads(index, cluster, options)];

    /// <summary>
    /// The ServiceEntries and DestinationRules of <paramref name="cluster"/>'s view. They differ between members only
    /// through <see cref="IstioOptions.ClusterSetIps"/>: without it every member shares them
    /// (<see cref="SharedByMembers"/>), so they are built and serialized once.
    /// </summary>
    internal static IEnumerable<IstioObject> Services(ModelIndex index, string? cluster, IstioOptions options)
    {
        foreach (var service in index.Services)
        {
            var ports = Ports(service);
            if (ports.Count == 0)
            {
                continue;
            }

            var baseName = service.Name + NameSuffix;
            var labels = ObjectLabels(service);
            var entry = new ServiceEntry
            {
                Location = ServiceEntry.Types.Location.MeshInternal,
                Resolution = ServiceEntry.Types.Resolution.Static,
                WorkloadSelector = new WorkloadSelector(),
            };
            entry.Hosts.Add(ServiceNames.Host(service.Namespace, service.Name));
            if (cluster is not null)
            {
                entry.Addresses.Add(options.ClusterSetIps?.Invoke(cluster, service.Namespace, service.Name) ?? []);
            }

            entry.Ports.Add(ports.Select(port => new ServicePort
            {
                Number = (uint)port.Model.Port,
                Name = port.Name,
                Protocol = IstioProtocols.Of(port.Model.AppProtocol),
            }));
            entry.WorkloadSelector.Labels.Add(Selector(service));
            entry.ExportTo.Add(".");
            yield return new IstioObject(IstioKinds.ServiceEntry, service.Namespace, baseName, labels, entry);
            yield return new IstioObject(IstioKinds.DestinationRule, service.Namespace, baseName, labels, DestinationRuleOf(service));
        }
    }

    /// <summary>True when every member's ServiceEntries and DestinationRules are the same (no per-member ClusterSetIPs).</summary>
    internal static bool SharedByMembers(IstioOptions options) => options.ClusterSetIps is null;

    /// <summary>The WorkloadEntries of <paramref name="cluster"/>'s view: its own ready endpoints and its gateway.</summary>
    internal static IEnumerable<IstioObject> Workloads(ModelIndex index, string cluster, IstioOptions options)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var service in index.Services)
        {
            var ports = Ports(service);
            if (ports.Count == 0)
            {
                continue;
            }

            var labels = ObjectLabels(service);
            var selector = Selector(service);
            foreach (var local in LocalEntries(index, service, cluster, ports, selector, labels, options))
            {
                yield return local;
            }

            if (GatewayEntry(index, service, cluster, ports, selector, options) is { } gateway)
            {
                yield return new IstioObject(IstioKinds.WorkloadEntry, service.Namespace, service.Name + NameSuffix + "-gateway", labels, gateway);
            }
        }
    }

    private static List<(ServicePortModel Model, string Name)> Ports(ServiceModel service) =>
        [.. ServicePorts.Served(service).Select(port => (port, PortName(port)))];

    private static Dictionary<string, string> Selector(ServiceModel service) =>
        new(StringComparer.Ordinal) { [IstioLabels.ClusterSetService] = service.Name };

    private static IEnumerable<IstioObject> LocalEntries(
        ModelIndex index,
        ServiceModel service,
        string cluster,
        List<(ServicePortModel Model, string Name)> ports,
        Dictionary<string, string> selector,
        IReadOnlyDictionary<string, string> labels,
        IstioOptions options)
    {
        var locality = index.Localities.GetValueOrDefault(cluster);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in index.EndpointsOf(service, cluster))
        {
            foreach (var endpoint in set.Endpoints.Where(endpoint => endpoint.Ready && endpoint.Addresses.Count > 0))
            {
                var address = endpoint.Addresses[0];
                if (!seen.Add(address))
                {
                    continue;
                }

                var workload = new WorkloadEntry
                {
                    Address = address,
                    Network = options.NetworkOf(cluster),
                    Locality = Locality(locality?.Region, endpoint.Zone ?? locality?.Zone, null),
                };
                foreach (var port in ports)
                {
                    if (ServicePorts.EndpointPort(port.Model, set.Ports) is { } target)
                    {
                        workload.Ports[port.Name] = (uint)target;
                    }
                }

                workload.Labels.Add(selector);
                workload.Labels[IstioLabels.SourceCluster] = cluster;
                if (options.LocalPodsInMesh)
                {
                    workload.Labels[IstioLabels.TlsMode] = "istio";
                }

                var name = $"{service.Name}{NameSuffix}-{cluster}-{Sanitize(address)}";
                yield return new IstioObject(IstioKinds.WorkloadEntry, service.Namespace, name, labels, workload);
            }
        }
    }

    /// <summary>The WorkloadEntry of the own gateway, when another cluster serves the service and the gateway can be reached.</summary>
    private static WorkloadEntry? GatewayEntry(
        ModelIndex index,
        ServiceModel service,
        string cluster,
        List<(ServicePortModel Model, string Name)> ports,
        Dictionary<string, string> selector,
        IstioOptions options)
    {
        if (index.Gateways.GetValueOrDefault(cluster) is not { Address: { Length: > 0 } address })
        {
            return null;
        }

        var weights = service.TrafficPolicy?.ClusterWeights;
        long ready = 0;
        foreach (var set in index.EndpointsOf(service).Where(set => !string.Equals(set.SourceCluster, cluster, StringComparison.Ordinal)))
        {
            if (weights is not null && weights.TryGetValue(set.SourceCluster, out var weight) && weight == 0)
            {
                continue;
            }

            ready += set.Endpoints.Count(endpoint => endpoint.Ready);
        }

        var listening = ports.Where(port => port.Model.GatewayPort is not null).ToList();
        if (ready == 0 || listening.Count == 0)
        {
            return null;
        }

        var locality = index.Localities.GetValueOrDefault(cluster);
        var workload = new WorkloadEntry
        {
            Address = address,
            Network = options.NetworkOf(cluster),
            Locality = Locality(locality?.Region, locality?.Zone, IstioLabels.ViaGateway),
            Weight = (uint)Math.Min(ready, uint.MaxValue),
        };
        foreach (var port in listening)
        {
            workload.Ports[port.Name] = (uint)port.Model.GatewayPort!.Value;
        }

        workload.Labels.Add(selector);
        workload.Labels[IstioLabels.SourceCluster] = IstioLabels.ViaGateway;
        return workload;
    }

    private static DestinationRule DestinationRuleOf(ServiceModel service)
    {
        var policy = service.TrafficPolicy;
        var outlier = policy?.OutlierDetection ?? new OutlierDetectionModel();
        var traffic = new TrafficPolicy
        {
            LoadBalancer = new LoadBalancerSettings
            {
                LocalityLbSetting = new LocalityLoadBalancerSetting { Enabled = policy?.LocalityFailover ?? true },
            },
            // Istio applies locality failover only with outlier detection: always set, the model's defaults otherwise.
            OutlierDetection = new Protos.Istio.Networking.OutlierDetection
            {
                Consecutive5XxErrors = outlier.Consecutive5xx,
                Interval = Duration.FromTimeSpan(outlier.Interval ?? TimeSpan.FromSeconds(10)),
                BaseEjectionTime = Duration.FromTimeSpan(outlier.BaseEjectionTime ?? TimeSpan.FromSeconds(30)),
                MaxEjectionPercent = (int)Math.Min(outlier.MaxEjectionPercent, 100),
            },
        };
        if ((policy?.LoadBalancer ?? LoadBalancerKind.RoundRobin) == LoadBalancerKind.RingHash)
        {
            traffic.LoadBalancer.ConsistentHash = new LoadBalancerSettings.Types.ConsistentHashLB { UseSourceIp = true };
        }
        else
        {
            traffic.LoadBalancer.Simple = LoadBalancerSettings.Types.SimpleLB.RoundRobin;
        }

        if (policy?.CircuitBreaker is { } breaker)
        {
            traffic.ConnectionPool = new ConnectionPoolSettings();
            if (breaker.MaxConnections is { } connections)
            {
                traffic.ConnectionPool.Tcp = new ConnectionPoolSettings.Types.TCPSettings { MaxConnections = Clamp(connections) };
            }

            if (breaker.MaxPendingRequests is not null || breaker.MaxRequests is not null || breaker.MaxRetries is not null)
            {
                traffic.ConnectionPool.Http = new ConnectionPoolSettings.Types.HTTPSettings
                {
                    Http1MaxPendingRequests = Clamp(breaker.MaxPendingRequests ?? 0),
                    Http2MaxRequests = Clamp(breaker.MaxRequests ?? 0),
                    MaxRetries = Clamp(breaker.MaxRetries ?? 0),
                };
            }
        }

        var rule = new DestinationRule { Host = ServiceNames.Host(service.Namespace, service.Name), TrafficPolicy = traffic };
        rule.ExportTo.Add(".");
        return rule;
    }

    private static Dictionary<string, string> ObjectLabels(ServiceModel service) => new(StringComparer.Ordinal)
    {
        [IstioLabels.ManagedBy] = IstioLabels.ManagedByValue,
        [IstioLabels.ClusterSetService] = service.Name,
    };

    private static string PortName(ServicePortModel port) =>
        string.IsNullOrEmpty(port.Name) ? IstioProtocols.Of(port.AppProtocol).ToLowerInvariant() + "-" + port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) : port.Name;

    /// <summary>Istio's locality form <c>region/zone/sub-zone</c>, empty when nothing is known.</summary>
    private static string Locality(string? region, string? zone, string? subZone) =>
        string.IsNullOrEmpty(region) && string.IsNullOrEmpty(zone) && string.IsNullOrEmpty(subZone)
            ? string.Empty
            : string.IsNullOrEmpty(subZone) ? $"{region}/{zone}" : $"{region}/{zone}/{subZone}";

    private static string Sanitize(string address) => address.Replace(':', '-').Replace('.', '-').Replace('%', '-').Trim('-').ToLowerInvariant();

    private static int Clamp(uint value) => (int)Math.Min(value, int.MaxValue);
}
