using System.Globalization;
using System.Net;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Bench;

/// <summary>A deterministic clusterset: 70% ClusterSetIP and 30% headless services over three clusters, plus the queries to ask.</summary>
internal sealed class SyntheticZone
{
    private static readonly string[] Clusters = ["east", "west", "edge"];

    private SyntheticZone(IReadOnlyList<ServiceRecordSet> services, IReadOnlyList<string> queries)
    {
        Services = services;
        Queries = queries;
    }

    public IReadOnlyList<ServiceRecordSet> Services { get; }

    /// <summary>dnsperf input lines: <c>name type</c>.</summary>
    public IReadOnlyList<string> Queries { get; }

    public static SyntheticZone Create(int serviceCount)
    {
        var services = new List<ServiceRecordSet>(serviceCount);
        var queries = new List<string>();
        for (var i = 0; i < serviceCount; i++)
        {
            var ns = "team" + (i % 10).ToString(CultureInfo.InvariantCulture);
            var name = "svc" + i.ToString(CultureInfo.InvariantCulture);
            var fqdn = $"{name}.{ns}.svc.clusterset.local";
            var headless = i % 10 >= 7;
            ServicePortRecord[] ports = [new("http", "TCP", 80), new("metrics", "TCP", 9090)];
            if (!headless)
            {
                IPAddress[] ips = [new IPAddress([10, 96, (byte)(i / 250), (byte)(i % 250 + 1)])];
                services.Add(new ServiceRecordSet(ns, name, ServiceType.ClusterSetIP, ips, ports, []));
            }
            else
            {
                var endpoints = new List<EndpointRecord>();
                for (var c = 0; c < Clusters.Length; c++)
                {
                    for (var e = 0; e < 2; e++)
                    {
                        var address = new IPAddress([10, (byte)(100 + c), (byte)(i / 100), (byte)((i % 100) * 2 + e + 1)]);
                        endpoints.Add(new EndpointRecord(Clusters[c], $"pod-{e}", [address], Ready: true));
                    }
                }

                services.Add(new ServiceRecordSet(ns, name, ServiceType.Headless, [], ports, endpoints));
                queries.Add($"pod-0.{Clusters[i % 3]}.{fqdn} A");
            }

            queries.Add($"{fqdn} A");
            queries.Add($"_http._tcp.{fqdn} SRV");
            queries.Add($"{fqdn} AAAA");
            queries.Add($"missing{i}.{ns}.svc.clusterset.local A");
        }

        queries.Add("dns-version.clusterset.local TXT");
        var random = new Random(serviceCount);
        var shuffled = queries.OrderBy(_ => random.Next()).ToList();
        return new SyntheticZone(services, shuffled);
    }
}
