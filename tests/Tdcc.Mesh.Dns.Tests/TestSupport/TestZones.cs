using System.Net;
using Tdcc.Mesh.Dns.Zones;

namespace Tdcc.Mesh.Dns.Tests.TestSupport;

/// <summary>A small clusterset: a ClusterSetIP service, a headless one across two clusters, a big headless one, an empty one.</summary>
internal static class TestZones
{
    public static ServiceRecordSet Web { get; } = new(
        "prod",
        "web",
        ServiceType.ClusterSetIP,
        [IPAddress.Parse("10.96.0.10"), IPAddress.Parse("fd00::10")],
        [new("http", "TCP", 80), new("grpc", "TCP", 9090), new(null, "UDP", 5353)],
        []);

    public static ServiceRecordSet Db { get; } = new(
        "prod",
        "db",
        ServiceType.Headless,
        [],
        [new("postgres", "TCP", 5432)],
        [
            new("east", "db-0", [IPAddress.Parse("10.1.0.5")], true),
            new("west", "db-1", [IPAddress.Parse("10.2.0.6")], true),
            new("west", null, [IPAddress.Parse("10.2.0.7")], true),
            new("east", "db-2", [IPAddress.Parse("10.1.0.8")], false),
        ]);

    public static ServiceRecordSet Big { get; } = new(
        "prod",
        "big",
        ServiceType.Headless,
        [],
        [new("http", "TCP", 8080)],
        [.. Enumerable.Range(1, 60).Select(i => new EndpointRecord(i % 2 == 0 ? "east" : "west", $"pod-{i}", [IPAddress.Parse($"10.3.{i / 200}.{i % 200 + 1}")], true))]);

    public static ServiceRecordSet NothingReady { get; } = new(
        "prod",
        "idle",
        ServiceType.Headless,
        [],
        [new("http", "TCP", 80)],
        [new("east", "idle-0", [IPAddress.Parse("10.1.0.9")], false)]);

    public static ZoneSnapshot Sample(ClusterSetZoneOptions? options = null, uint serial = 1) =>
        ZoneSnapshot.Build([Web, Db, Big, NothingReady], options, serial);
}
