using System.Collections.Immutable;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Conflicts;
using Reasons = Tdcc.Mesh.Mcs.Api.McsConditions.Reasons;

namespace Tdcc.Mesh.Mcs.Tests.Conflicts;

public sealed class ConflictResolverTests
{
    private static readonly DateTimeOffset Old = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly DateTimeOffset New = Old.AddHours(1);

    private static ServiceImportPort Port(string? name, int port, string protocol = "TCP", string? app = null) =>
        new() { Name = name, Port = port, Protocol = protocol, AppProtocol = app };

    private static ExportShape Export(string cluster, DateTimeOffset at, params ServiceImportPort[] ports) =>
        new(cluster, at, ServiceImportTypes.ClusterSetIP, ports.Length == 0 ? [Port("http", 80)] : [.. ports]);

    [Fact]
    public void Resolve_SingleExport_NoConflictsAndSpecFromIt()
    {
        var result = ConflictResolver.Resolve([Export("east", Old) with { SessionAffinity = "ClientIP", IpFamilies = ["IPv4"] }]);

        result.Spec.Type.Should().Be(ServiceImportTypes.ClusterSetIP);
        result.Spec.Ports.Should().Equal(Port("http", 80));
        result.Spec.SessionAffinity.Should().Be("ClientIP");
        result.Spec.IpFamilies.Should().Equal("IPv4");
        result.Clusters.Should().Equal("east");
        result.Verdicts["east"].Should().Be(ExportVerdict.None);
    }

    [Fact]
    public void Resolve_NoExports_Throws()
    {
        var act = () => ConflictResolver.Resolve([]);

        act.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void Resolve_DifferentPortNames_UnionWithoutConflict()
    {
        var result = ConflictResolver.Resolve([Export("east", Old, Port("http", 80)), Export("west", New, Port("grpc", 9090))]);

        result.Spec.Ports.Should().Equal(Port("http", 80), Port("grpc", 9090));
        result.Verdicts.Values.Should().AllSatisfy(v => v.Conflict.Should().BeFalse());
        result.Clusters.Should().Equal("east", "west");
    }

    [Fact]
    public void Resolve_SamePortInBoth_MergedOnce()
    {
        var result = ConflictResolver.Resolve([Export("east", Old, Port("http", 80)), Export("west", New, Port("http", 80), Port("metrics", 9100))]);

        result.Spec.Ports.Should().Equal(Port("http", 80), Port("metrics", 9100));
        result.Verdicts["west"].Conflict.Should().BeFalse();
    }

    [Fact]
    public void Resolve_SameNameDifferentPort_PortConflictOnBothAndOldestKept()
    {
        var result = ConflictResolver.Resolve([Export("west", New, Port("http", 8080)), Export("east", Old, Port("http", 80))]);

        result.Spec.Ports.Should().Equal(Port("http", 80));
        result.Verdicts["east"].Should().Be(new ExportVerdict(
            true,
            Reasons.PortConflict,
            "ports: port \"http\" exported as TCP/80 here, which wins as the oldest export (cluster east, exported 2026-01-02T03:04:05Z); cluster west exports TCP/8080"));
        var verdict = result.Verdicts["west"];
        verdict.Conflict.Should().BeTrue();
        verdict.Reason.Should().Be(Reasons.PortConflict);
        verdict.Message.Should().Be("ports: port \"http\" exported as TCP/8080 here but TCP/80 by the oldest export (cluster east, exported 2026-01-02T03:04:05Z)");
    }

    [Fact]
    public void Resolve_SamePairDifferentName_PortConflict()
    {
        var result = ConflictResolver.Resolve([Export("east", Old, Port("http", 80)), Export("west", New, Port("web", 80))]);

        result.Spec.Ports.Should().Equal(Port("http", 80));
        result.Verdicts["west"].Reason.Should().Be(Reasons.PortConflict);
        result.Verdicts["west"].Message.Should().Contain("TCP/80 exported as port \"web\" here but as port \"http\" by the oldest export (cluster east");
        result.Verdicts["east"].Reason.Should().Be(Reasons.PortConflict);
        result.Verdicts["east"].Message.Should().StartWith("ports: TCP/80 exported as port \"http\" here, which wins as the oldest export (cluster east")
            .And.EndWith("; cluster west exports it as port \"web\"");
    }

    [Fact]
    public void Resolve_SamePortDifferentProtocol_BothKeptWhenNamesDiffer()
    {
        var result = ConflictResolver.Resolve([Export("east", Old, Port("dns", 53)), Export("west", New, Port("dns-udp", 53, "UDP"))]);

        result.Spec.Ports.Should().Equal(Port("dns", 53), Port("dns-udp", 53, "UDP"));
        result.Verdicts["west"].Conflict.Should().BeFalse();
    }

    [Fact]
    public void Resolve_UnnamedPortsDiffer_PortConflictBecauseEmptyIsAName()
    {
        var result = ConflictResolver.Resolve([Export("east", Old, Port(null, 80)), Export("west", New, Port("", 81))]);

        result.Spec.Ports.Should().Equal(Port(null, 80));
        result.Verdicts["west"].Message.Should().Contain("port (unnamed) exported as TCP/81");
    }

    [Fact]
    public void Resolve_AppProtocolDiffers_PortConflict()
    {
        var result = ConflictResolver.Resolve([Export("east", Old, Port("http", 80, app: "http")), Export("west", New, Port("http", 80, app: "kubernetes.io/h2c"))]);

        result.Spec.Ports.Should().Equal(Port("http", 80, app: "http"));
        result.Verdicts["west"].Reason.Should().Be(Reasons.PortConflict);
    }

    [Fact]
    public void Resolve_PortTakenByNonOldestExport_MessageNamesThatCluster()
    {
        var result = ConflictResolver.Resolve([
            Export("east", Old, Port("http", 80)),
            Export("west", New, Port("grpc", 9090)),
            Export("north", New.AddHours(1), Port("grpc", 9091)),
        ]);

        result.Verdicts["north"].Message.Should().Contain("by an older export (cluster west, exported 2026-01-02T04:04:05Z)");
        result.Verdicts["west"].Message.Should().Be(
            "ports: port \"grpc\" exported as TCP/9090 here, which wins as an older export (cluster west, exported 2026-01-02T04:04:05Z); cluster north exports TCP/9091");
        result.Verdicts["east"].Conflict.Should().BeFalse("east takes no part in the conflict over grpc");
    }

    [Fact]
    public void Resolve_MissingProtocol_DefaultsToTcp()
    {
        var result = ConflictResolver.Resolve([Export("east", Old, new ServiceImportPort { Name = "http", Port = 80 }), Export("west", New, Port("http", 80))]);

        result.Spec.Ports.Should().Equal(Port("http", 80));
        result.Verdicts["west"].Conflict.Should().BeFalse();
    }

    [Fact]
    public void Resolve_TypeDiffers_TypeConflictAndOldestTypeWins()
    {
        var result = ConflictResolver.Resolve([Export("east", Old), Export("west", New) with { Type = ServiceImportTypes.Headless }]);

        result.Spec.Type.Should().Be(ServiceImportTypes.ClusterSetIP);
        result.Verdicts["west"].Reason.Should().Be(Reasons.TypeConflict);
        result.Verdicts["west"].Message.Should().StartWith("type: exported as Headless here but ClusterSetIP by the oldest export (cluster east");
        result.Verdicts["east"].Reason.Should().Be(Reasons.TypeConflict);
        result.Verdicts["east"].Message.Should().StartWith("type: exported as ClusterSetIP here, which wins as the oldest export (cluster east")
            .And.EndWith("; cluster west exports Headless");
    }

    [Fact]
    public void Resolve_SessionAffinityDiffers_ConflictOnNewerAndOnOldest()
    {
        var result = ConflictResolver.Resolve([Export("east", Old), Export("west", New) with { SessionAffinity = "ClientIP" }]);

        result.Spec.SessionAffinity.Should().Be("None");
        result.Verdicts["east"].Should().Be(new ExportVerdict(
            true,
            Reasons.SessionAffinityConflict,
            "sessionAffinity: exported as None here, which wins as the oldest export (cluster east, exported 2026-01-02T03:04:05Z); cluster west exports ClientIP"));
        result.Verdicts["west"].Should().Be(new ExportVerdict(
            true,
            Reasons.SessionAffinityConflict,
            "sessionAffinity: exported as ClientIP here but None by the oldest export (cluster east, exported 2026-01-02T03:04:05Z)"));
    }

    [Fact]
    public void Resolve_SessionAffinityConfigDiffers_SessionAffinityConfigConflict()
    {
        static SessionAffinityConfig Timeout(int seconds) => new() { ClientIP = new ClientIPConfig { TimeoutSeconds = seconds } };
        var result = ConflictResolver.Resolve([
            Export("east", Old) with { SessionAffinity = "ClientIP", SessionAffinityConfig = Timeout(100) },
            Export("west", New) with { SessionAffinity = "ClientIP", SessionAffinityConfig = Timeout(200) },
        ]);

        result.Spec.SessionAffinityConfig!.ClientIP!.TimeoutSeconds.Should().Be(100);
        result.Verdicts["west"].Reason.Should().Be(Reasons.SessionAffinityConfigConflict);
        result.Verdicts["west"].Message.Should().StartWith("sessionAffinityConfig: clientIP.timeoutSeconds exported as 200 here but 100");
    }

    [Fact]
    public void Resolve_InternalTrafficPolicyDiffers_Conflict()
    {
        var result = ConflictResolver.Resolve([Export("east", Old), Export("west", New) with { InternalTrafficPolicy = "Local" }]);

        result.Verdicts["west"].Reason.Should().Be(Reasons.InternalTrafficPolicyConflict);
        result.Verdicts["west"].Message.Should().StartWith("internalTrafficPolicy: exported as Local here but Cluster");
    }

    [Fact]
    public void Resolve_TrafficDistributionDiffers_Conflict()
    {
        var result = ConflictResolver.Resolve([Export("east", Old) with { TrafficDistribution = "PreferClose" }, Export("west", New)]);

        result.Spec.TrafficDistribution.Should().Be("PreferClose");
        result.Verdicts["west"].Reason.Should().Be(Reasons.TrafficDistributionConflict);
        result.Verdicts["west"].Message.Should().StartWith("trafficDistribution: exported as unset here but PreferClose");
    }

    [Fact]
    public void Resolve_IpFamiliesDiffer_IPFamilyConflict()
    {
        var result = ConflictResolver.Resolve([Export("east", Old) with { IpFamilies = ["IPv4"] }, Export("west", New) with { IpFamilies = ["IPv6"] }]);

        result.Spec.IpFamilies.Should().Equal("IPv4");
        result.Verdicts["west"].Reason.Should().Be(Reasons.IPFamilyConflict);
    }

    [Fact]
    public void Resolve_IpFamiliesUnknownOnOneSide_NoConflict()
    {
        var result = ConflictResolver.Resolve([Export("east", Old) with { IpFamilies = ["IPv4"] }, Export("west", New)]);

        result.Verdicts["west"].Conflict.Should().BeFalse();
    }

    [Fact]
    public void Resolve_ExportedLabelsDiffer_LabelsConflict()
    {
        var result = ConflictResolver.Resolve([
            Export("east", Old) with { ExportedLabels = ImmutableDictionary<string, string>.Empty.Add("tier", "web") },
            Export("west", New) with { ExportedLabels = ImmutableDictionary<string, string>.Empty.Add("tier", "api") },
        ]);

        result.Verdicts["west"].Reason.Should().Be(Reasons.LabelsConflict);
        result.Verdicts["west"].Message.Should().StartWith("exportedLabels: exported as {tier=api} here but {tier=web}");
        result.Verdicts["east"].Reason.Should().Be(Reasons.LabelsConflict);
        result.Verdicts["east"].Message.Should().StartWith("exportedLabels: exported as {tier=web} here, which wins as the oldest export (cluster east")
            .And.EndWith("; cluster west exports {tier=api}");
    }

    [Fact]
    public void Resolve_TwoLosersOnOneField_WinnerNamesBoth()
    {
        var result = ConflictResolver.Resolve([
            Export("east", Old),
            Export("west", New) with { SessionAffinity = "ClientIP" },
            Export("north", New.AddHours(1)) with { SessionAffinity = "ClientIP" },
            Export("south", New.AddHours(2)),
        ]);

        result.Verdicts["east"].Reason.Should().Be(Reasons.SessionAffinityConflict);
        result.Verdicts["east"].Message.Should().EndWith("; cluster west exports ClientIP, cluster north exports ClientIP");
        result.Verdicts["west"].Conflict.Should().BeTrue();
        result.Verdicts["north"].Conflict.Should().BeTrue();
        result.Verdicts["south"].Should().Be(ExportVerdict.None, "south agrees with the winner on every field");
    }

    [Fact]
    public void Resolve_ExportedAnnotationsDiffer_AnnotationsConflict()
    {
        var result = ConflictResolver.Resolve([
            Export("east", Old),
            Export("west", New) with { ExportedAnnotations = ImmutableDictionary<string, string>.Empty.Add("owner", "team-a") },
        ]);

        result.Verdicts["west"].Reason.Should().Be(Reasons.AnnotationsConflict);
    }

    [Fact]
    public void Resolve_SeveralFieldsDiffer_ReasonsJoinedByCommas()
    {
        var result = ConflictResolver.Resolve([
            Export("east", Old, Port("http", 80)),
            Export("west", New, Port("http", 8080)) with { SessionAffinity = "ClientIP", InternalTrafficPolicy = "Local" },
        ]);

        var verdict = result.Verdicts["west"];
        verdict.Reason.Should().Be("SessionAffinityConflict,InternalTrafficPolicyConflict,PortConflict");
        verdict.Reason.Should().MatchRegex("^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$");
        verdict.Message.Split("; ").Should().HaveCount(3);
        result.Verdicts["east"].Reason.Should().Be("SessionAffinityConflict,InternalTrafficPolicyConflict,PortConflict");
    }

    [Fact]
    public void Resolve_SameTimestamp_ClusterIdBreaksTheTie()
    {
        var result = ConflictResolver.Resolve([Export("west", Old) with { SessionAffinity = "ClientIP" }, Export("east", Old)]);

        result.Spec.SessionAffinity.Should().Be("None");
        result.Verdicts["west"].Conflict.Should().BeTrue();
        result.Verdicts["east"].Message.Should().Contain("which wins as the oldest export (cluster east");
    }

    [Fact]
    public void Resolve_OldestLeaves_NewerBecomesWinnerWithoutConflict()
    {
        var before = ConflictResolver.Resolve([Export("east", Old), Export("west", New) with { SessionAffinity = "ClientIP" }]);
        var after = ConflictResolver.Resolve([Export("west", New) with { SessionAffinity = "ClientIP" }]);

        before.Verdicts["west"].Conflict.Should().BeTrue();
        before.Verdicts["east"].Conflict.Should().BeTrue();
        after.Verdicts["west"].Conflict.Should().BeFalse();
        after.Spec.SessionAffinity.Should().Be("ClientIP");
    }

    [Fact]
    public void Resolve_Headless_NoSessionAffinityInSpec()
    {
        var result = ConflictResolver.Resolve([Export("east", Old) with { Type = ServiceImportTypes.Headless, SessionAffinity = "ClientIP" }]);

        result.Spec.Type.Should().Be(ServiceImportTypes.Headless);
        result.Spec.SessionAffinity.Should().BeNull();
        result.Spec.Ips.Should().BeEmpty();
    }
}
