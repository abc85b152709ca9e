using System.Net;
using Tdcc.Mesh.Dns.Protocol;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Tests.Zones;

public class ZoneSnapshotIncrementalTests
{
    private static readonly string TooLong = new('x', 64);
    private static readonly string[] Namespaces = ["prod", "dev", "ops"];
    private static readonly string[] Names = ["web", "db", "api", "cache", "q"];
    private static readonly string[] Clusters = ["east", "west", "north"];
    private static readonly DnsRecordType[] Types =
        [DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.SRV, DnsRecordType.TXT, DnsRecordType.NS, DnsRecordType.SOA, DnsRecordType.ANY];

    public static TheoryData<int, string> Cases() => new()
    {
        { 1, "default" },
        { 2, "default" },
        { 3, "default" },
        { 4, "glue" },
        { 5, "glue" },
        { 6, "nameserver-under-svc" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void With_RandomChanges_AnswersEqualFullBuild(int seed, string options)
    {
        var zoneOptions = Options(options);
        var random = new Random(seed);
        var model = new Dictionary<ServiceKey, ServiceRecordSet>();
        var incremental = ZoneSnapshot.Empty(zoneOptions);
        for (var step = 1; step <= 150; step++)
        {
            var serial = (uint)step + 1;
            if (model.Count > 0 && random.Next(10) < 3)
            {
                var key = random.Next(4) == 0 ? new ServiceKey(Pick(random, Namespaces), Pick(random, Names)) : Pick(random, [.. model.Keys]);
                model.Remove(key);
                incremental = incremental.Without(key.Namespace, key.Name, serial);
            }
            else
            {
                var service = RandomService(random);
                model[ServiceKey.Of(service)] = service;
                incremental = incremental.With(service, serial);
            }

            var full = ZoneSnapshot.Build(model.Values, zoneOptions, serial);
            ShouldAnswerAlike(incremental, full, $"seed {seed}, step {step}");
        }
    }

    [Fact]
    public void Apply_BatchOfChanges_AnswersEqualFullBuild()
    {
        var random = new Random(42);
        var start = Enumerable.Range(0, 20).Select(_ => RandomService(random)).DistinctBy(ServiceKey.Of).ToList();
        var zone = ZoneSnapshot.Build(start, serial: 1);
        var upserts = Enumerable.Range(0, 5).Select(_ => RandomService(random)).DistinctBy(ServiceKey.Of).ToList();
        var removals = start.Take(4).Select(ServiceKey.Of).Where(key => !upserts.Any(u => ServiceKey.Of(u) == key)).ToList();

        var updated = zone.Apply(upserts, removals, 2);

        var model = start.ToDictionary(ServiceKey.Of);
        removals.ForEach(key => model.Remove(key));
        upserts.ForEach(service => model[ServiceKey.Of(service)] = service);
        ShouldAnswerAlike(updated, ZoneSnapshot.Build(model.Values, serial: 2), "batch");
        updated.ServiceCount.Should().Be(model.Count);
    }

    [Fact]
    public void Without_LastServiceOfNamespace_NamespaceNameIsGone()
    {
        var service = new ServiceRecordSet("prod", "web", ServiceType.ClusterSetIP, [IPAddress.Parse("10.0.0.1")], [], []);
        var zone = ZoneSnapshot.Empty().With(service, 2);
        Ask(zone, "prod.svc.clusterset.local", DnsRecordType.A).ResponseCode.Should().Be(DnsResponseCode.NoError);

        var emptied = zone.Without("prod", "web", 3);

        Ask(emptied, "prod.svc.clusterset.local", DnsRecordType.A).ResponseCode.Should().Be(DnsResponseCode.NXDomain);
        Ask(emptied, "web.prod.svc.clusterset.local", DnsRecordType.A).ResponseCode.Should().Be(DnsResponseCode.NXDomain);
        emptied.NameCount.Should().Be(ZoneSnapshot.Empty().NameCount);
        emptied.Serial.Should().Be(3);
        Ask(zone, "web.prod.svc.clusterset.local", DnsRecordType.A).Answers.Should().ContainSingle("the earlier snapshot is unchanged");
    }

    private static ClusterSetZoneOptions Options(string name) => name switch
    {
        "glue" => new ClusterSetZoneOptions { NameServerAddresses = [IPAddress.Parse("10.9.9.9"), IPAddress.Parse("fd00::9")] },
        "nameserver-under-svc" => new ClusterSetZoneOptions { NameServer = "web.prod.svc.clusterset.local", NameServerAddresses = [IPAddress.Parse("10.0.0.1")] },
        _ => new ClusterSetZoneOptions(),
    };

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static IPAddress RandomAddress(Random random) => random.Next(4) == 0
        ? IPAddress.Parse($"fd00::{random.Next(1, 6)}")
        : IPAddress.Parse($"10.0.0.{random.Next(1, 9)}");

    private static ServiceRecordSet RandomService(Random random)
    {
        var ns = random.Next(40) == 0 ? TooLong : Pick(random, Namespaces);
        var name = Pick(random, Names);
        var ports = Enumerable.Range(0, random.Next(3)).Select(_ => new ServicePortRecord(
            Pick<string?>(random, ["http", "grpc", null, "", TooLong]),
            Pick(random, ["TCP", "UDP", "tcp", "SCTP", "ICMP"]),
            Pick(random, [80, 443, 8080, 0, 70000]))).ToList();
        if (random.Next(2) == 0)
        {
            var ips = Enumerable.Range(0, random.Next(3)).Select(_ => RandomAddress(random)).ToList();
            return new ServiceRecordSet(ns, name, ServiceType.ClusterSetIP, ips, ports, []);
        }

        var endpoints = Enumerable.Range(0, random.Next(5)).Select(_ => new EndpointRecord(
            random.Next(30) == 0 ? TooLong : Pick(random, Clusters),
            Pick<string?>(random, [null, null, "h0", "h1", "_tcp", TooLong]),
            Enumerable.Range(0, random.Next(3)).Select(_ => RandomAddress(random)).ToList(),
            random.Next(4) != 0)).ToList();
        return new ServiceRecordSet(ns, name, ServiceType.Headless, [], ports, endpoints);
    }

    private static DnsResponseContent Ask(ZoneSnapshot zone, string name, DnsRecordType type) =>
        zone.Lookup(new DnsQuestion(DnsName.Parse(name), type, DnsClass.Internet));

    private static void ShouldAnswerAlike(ZoneSnapshot incremental, ZoneSnapshot full, string because)
    {
        incremental.Serial.Should().Be(full.Serial, because);
        incremental.NameCount.Should().Be(full.NameCount, because);
        incremental.Rejected.Should().BeEquivalentTo(full.Rejected, because);
        ZoneFile(incremental).Should().Be(ZoneFile(full), because);

        var names = incremental.Nodes.Select(node => node.Name).Concat(full.Nodes.Select(node => node.Name)).Distinct().ToList();
        var probes = names.Concat(names.Select(name => name.Prepend("absent")))
            .Concat(Namespaces.SelectMany(ns => Names.Select(n => DnsName.Parse($"{n}.{ns}.svc.clusterset.local"))))
            .Concat(Namespaces.Select(ns => DnsName.Parse($"{ns}.svc.clusterset.local")));
        foreach (var name in probes)
        {
            foreach (var type in Types)
            {
                var question = new DnsQuestion(name, type, DnsClass.Internet);
                var expected = full.Lookup(question);
                var actual = incremental.Lookup(question);
                var at = $"{because}: {name} {type}";
                actual.ResponseCode.Should().Be(expected.ResponseCode, at);
                actual.Authoritative.Should().Be(expected.Authoritative, at);
                Text(actual.Answers).Should().Equal(Text(expected.Answers), at);
                Text(actual.Authority).Should().Equal(Text(expected.Authority), at);
                Text(actual.Additional).Should().Equal(Text(expected.Additional), at);
            }
        }
    }

    private static IEnumerable<string> Text(IEnumerable<DnsRecord> records) => records.Select(record => $"{record.Owner} {record.Ttl} {record.Data}");

    private static string ZoneFile(ZoneSnapshot zone)
    {
        using var writer = new StringWriter();
        zone.WriteZoneFile(writer);
        return writer.ToString();
    }
}
