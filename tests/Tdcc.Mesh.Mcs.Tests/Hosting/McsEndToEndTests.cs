using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Testing;
using static Tdcc.Mesh.Mcs.Tests.Hosting.ClusterSet;
using Reasons = Tdcc.Mesh.Mcs.Api.McsConditions.Reasons;

namespace Tdcc.Mesh.Mcs.Tests.Hosting;

[Trait("Category", "Slow")]
public sealed class McsEndToEndTests
{
    private const string Ns = "demo";

    private static Task<ServiceImport> ImportAsync(Member member, Func<ServiceImport, bool> done, string because) =>
        Eventually.GetAsync(() => member.Client.Resource<ServiceImport>().GetAsync(Ns, "web"), done, $"{because} in {member.Id}");

    private static async Task<IReadOnlyList<EndpointSlice>> ImportedSlicesAsync(Member member) =>
        (await member.Client.Resource<EndpointSlice>().ListAsync(new ListOptions
        {
            Namespace = Ns,
            LabelSelector = $"{McsLabels.ServiceName}=web,{McsLabels.ManagedBy}={McsLabels.ManagedByValue}",
        })).Items;

    private static Task<ServiceExport> ExportStatusAsync(Member member, string type, string status, string because) =>
        Eventually.GetAsync(
            () => member.Client.Resource<ServiceExport>().GetAsync(Ns, "web"),
            e => ConditionSet.Find(e.Status?.Conditions, type)?.Status == status,
            $"{because} in {member.Id}");

    [Fact]
    public async Task Export_OneMember_ImportedEverywhereWithDerivedServiceAndSlices()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = set.Members["east"];
        await east.Client.Resource<Service>().CreateAsync(ServiceOf(Ns, "web"));
        await east.Client.Resource<EndpointSlice>().CreateAsync(SliceOf(Ns, "web", "web-abcde", EndpointAt("10.1.0.1"), EndpointAt("10.1.0.2", ready: false)));
        await east.Client.Resource<ServiceExport>().CreateAsync(ExportOf(Ns, "web"));

        var export = await ExportStatusAsync(east, McsConditions.Ready, ConditionSet.True, "export ready");
        ConditionSet.Find(export.Status?.Conditions, McsConditions.Valid)!.Reason.Should().Be(Reasons.Valid);
        ConditionSet.Find(export.Status?.Conditions, McsConditions.Ready)!.Reason.Should().Be(Reasons.Exported);
        (await ExportStatusAsync(east, McsConditions.Conflict, ConditionSet.False, "no conflict")).Metadata.Finalizers.Should().Contain(McsLabels.ExportFinalizer);

        var derivedName = McsNames.DerivedService(Ns, "web");
        foreach (var member in set.Members.Values)
        {
            var import = await ImportAsync(member, i => i.Spec?.Ips is { Length: > 0 } && i.Status?.Clusters is { Length: 1 }, "import with an IP");
            import.Spec!.Type.Should().Be(ServiceImportTypes.ClusterSetIP);
            import.Spec.Ports.Should().ContainSingle().Which.Should().BeEquivalentTo(new ServiceImportPort { Name = "http", Protocol = "TCP", Port = 80 });
            import.Metadata.Annotations![McsLabels.DerivedServiceAnnotation].Should().Be(derivedName);
            import.Status!.Clusters!.Value.Single().Cluster.Should().Be("east");
            ConditionSet.IsTrue(import.Status.Conditions, McsConditions.Ready).Should().BeTrue();

            var derived = await member.Client.Resource<Service>().GetAsync(Ns, derivedName);
            derived!.Spec!.Selector.Should().BeNull();
            derived.Spec.Type.Should().Be("ClusterIP");
            import.Spec.Ips.Should().Equal(derived.Spec.ClusterIP);
            derived.Metadata.OwnerReferences!.Value.Single().Uid.Should().Be(import.Metadata.Uid);

            await Eventually.TrueAsync(async () => (await ImportedSlicesAsync(member)).Count == 1, $"one imported slice in {member.Id}");
            var slice = (await ImportedSlicesAsync(member)).Single();
            slice.Metadata.Labels![McsLabels.SourceCluster].Should().Be("east");
            slice.Metadata.Labels[McsLabels.KubernetesServiceName].Should().Be(derivedName);
            slice.Metadata.Labels[McsLabels.ManagedBy].Should().Be("tdcc-mesh.io");
            slice.Endpoints.Select(e => e.Addresses.Single()).Should().Equal("10.1.0.1", "10.1.0.2");
            slice.Endpoints.Select(e => e.Conditions!.Ready).Should().Equal(true, false);
            slice.Ports!.Value.Single().Port.Should().Be(8080);
            var owner = slice.Metadata.OwnerReferences!.Value.Single();
            owner.Uid.Should().Be(import.Metadata.Uid);
            owner.Controller.Should().NotBe(true);
        }

        // The IP stays stable while the import lives.
        var before = (await set.Members["west"].Client.Resource<ServiceImport>().GetAsync(Ns, "web"))!.Spec!.Ips;
        await east.Client.Resource<Service>().UpdateAsync((await east.Client.Resource<Service>().GetAsync(Ns, "web"))! is var svc
            ? svc with { Spec = svc.Spec! with { Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }, new ServicePort { Name = "admin", Port = 9000, Protocol = "TCP" }] } }
            : svc);
        var after = await ImportAsync(set.Members["west"], i => i.Spec!.Ports.Length == 2, "second port imported");
        after.Spec!.Ips.Should().Equal(before!.Value);
    }

    private static async Task<Member> ExportWebAsync(ClusterSet set, string cluster, Service? service = null, params Endpoint[] endpoints)
    {
        var member = set.Members[cluster];
        await member.Client.Resource<Service>().CreateAsync(service ?? ServiceOf(Ns, "web"));
        await member.Client.Resource<EndpointSlice>().CreateAsync(SliceOf(Ns, "web", "web-" + cluster, endpoints.Length == 0 ? [EndpointAt("10.9.0.1")] : endpoints));
        await member.Client.Resource<ServiceExport>().CreateAsync(ExportOf(Ns, "web"));
        await ExportStatusAsync(member, McsConditions.Ready, ConditionSet.True, "export ready");
        return member;
    }

    [Fact]
    public async Task Export_TwoMembersDifferentPorts_ImportHasTheUnion()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        await ExportWebAsync(set, "east", ServiceOf(Ns, "web", new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }));
        await ExportWebAsync(set, "west", ServiceOf(Ns, "web", new ServicePort { Name = "grpc", Port = 9090, Protocol = "TCP" }), EndpointAt("10.2.0.1"));

        foreach (var member in set.Members.Values)
        {
            var import = await ImportAsync(member, i => i.Spec!.Ports.Length == 2 && i.Status?.Clusters is { Length: 2 }, "union of ports");
            import.Spec!.Ports.Select(p => p.Name).Should().BeEquivalentTo("http", "grpc");
            import.Status!.Clusters!.Value.Select(c => c.Cluster).Should().Equal("east", "west");
            await Eventually.TrueAsync(async () => (await ImportedSlicesAsync(member)).Count == 2, $"a slice per source cluster in {member.Id}");
            (await ImportedSlicesAsync(member)).Select(s => s.Metadata.Labels![McsLabels.SourceCluster]).Should().BeEquivalentTo("east", "west");
        }

        (await ExportStatusAsync(set.Members["west"], McsConditions.Conflict, ConditionSet.False, "no conflict")).Should().NotBeNull();
    }

    [Fact]
    public async Task Export_ConflictingSessionAffinity_ConflictOnNewerAndOnOldest()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        await ExportWebAsync(set, "east");
        var oldest = await set.Members["east"].Client.Resource<ServiceExport>().GetAsync(Ns, "web");
        await Eventually.TrueAsync(async () => (await set.Members["west"].Client.Resource<ServiceImport>().GetAsync(Ns, "web")) is not null, "import");
        // Creation timestamps have one-second resolution: make sure the second export is strictly newer.
        await Eventually.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow - oldest!.Metadata.CreationTimestamp!.Value > TimeSpan.FromSeconds(1.1)), "a second passed", TimeSpan.FromSeconds(5));
        await ExportWebAsync(set, "west", ServiceOf(Ns, "web") with { Spec = ServiceOf(Ns, "web").Spec! with { SessionAffinity = "ClientIP" } });

        var west = await ExportStatusAsync(set.Members["west"], McsConditions.Conflict, ConditionSet.True, "conflict on the newer export");
        var conflict = ConditionSet.Find(west.Status?.Conditions, McsConditions.Conflict)!;
        conflict.Reason.Should().Be(Reasons.SessionAffinityConflict);
        conflict.Message.Should().StartWith("sessionAffinity: exported as ClientIP here but None by the oldest export (cluster east, exported 20");
        var east = await ExportStatusAsync(set.Members["east"], McsConditions.Conflict, ConditionSet.True, "conflict on the oldest too (it takes part)");
        var won = ConditionSet.Find(east.Status?.Conditions, McsConditions.Conflict)!;
        won.Reason.Should().Be(Reasons.SessionAffinityConflict);
        won.Message.Should().StartWith("sessionAffinity: exported as None here, which wins as the oldest export (cluster east, exported 20")
            .And.EndWith("; cluster west exports ClientIP");
        (await ImportAsync(set.Members["west"], i => i.Status?.Clusters is { Length: 2 }, "both clusters")).Spec!.SessionAffinity.Should().Be("None");
    }

    [Fact]
    public async Task Export_HeadlessWithHostnames_SlicesKeepHostnamesAndNoIps()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var headless = ServiceOf(Ns, "web") with { Spec = ServiceOf(Ns, "web").Spec! with { ClusterIP = "None" } };
        await ExportWebAsync(set, "east", headless, EndpointAt("10.1.0.1", hostname: "web-0"), EndpointAt("10.1.0.2", hostname: "web-1"));

        var west = set.Members["west"];
        var import = await ImportAsync(west, i => i.Status?.Clusters is { Length: 1 }, "headless import");
        import.Spec!.Type.Should().Be(ServiceImportTypes.Headless);
        import.Spec.Ips.Should().BeEmpty();
        ConditionSet.IsTrue(import.Status!.Conditions, McsConditions.Ready).Should().BeTrue();
        (await west.Client.Resource<Service>().GetAsync(Ns, McsNames.DerivedService(Ns, "web")))!.Spec!.ClusterIP.Should().Be("None");
        await Eventually.TrueAsync(async () => (await ImportedSlicesAsync(west)).Count == 1, "slice imported");
        (await ImportedSlicesAsync(west)).Single().Endpoints.Select(e => e.Hostname).Should().Equal("web-0", "web-1");
    }

    [Fact]
    public async Task Unexport_LastExport_ImportRemovedEverywhere()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = await ExportWebAsync(set, "east");
        await ImportAsync(set.Members["west"], i => i.Spec?.Ips is { Length: > 0 }, "imported");

        await east.Client.Resource<ServiceExport>().DeleteAsync(Ns, "web");

        foreach (var member in set.Members.Values)
        {
            await Eventually.TrueAsync(async () => await member.Client.Resource<ServiceImport>().GetAsync(Ns, "web") is null, $"import removed in {member.Id}");
            await Eventually.TrueAsync(async () => (await ImportedSlicesAsync(member)).Count == 0, $"slices removed in {member.Id}");
            await Eventually.TrueAsync(
                async () => await member.Client.Resource<Service>().GetAsync(Ns, McsNames.DerivedService(Ns, "web")) is null, $"derived service removed in {member.Id}");
        }

        await Eventually.TrueAsync(async () => await east.Client.Resource<ServiceExport>().GetAsync(Ns, "web") is null, "finalizer released");
        (await set.Hub.Resource<ExportedService>().ListAsync()).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task EndpointReadiness_Changes_PropagateToImporters()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = await ExportWebAsync(set, "east", null, EndpointAt("10.1.0.1"));
        var west = set.Members["west"];
        await Eventually.TrueAsync(async () => (await ImportedSlicesAsync(west)).SingleOrDefault()?.Endpoints.Single().Conditions?.Ready == true, "ready imported");

        var slice = (await east.Client.Resource<EndpointSlice>().GetAsync(Ns, "web-east"))!;
        await east.Client.Resource<EndpointSlice>().UpdateAsync(slice with { Endpoints = [EndpointAt("10.1.0.1", ready: false), EndpointAt("10.1.0.3")] });

        await Eventually.TrueAsync(
            async () => (await ImportedSlicesAsync(west)).SingleOrDefault()?.Endpoints is { Length: 2 } endpoints
                && endpoints[0].Conditions?.Ready == false && endpoints[1].Addresses.Single() == "10.1.0.3",
            "readiness change imported");
    }

    [Fact]
    public async Task ServiceDeleted_ExportInvalidNoServiceAndImportRemoved()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = await ExportWebAsync(set, "east");
        await ImportAsync(set.Members["west"], i => true, "imported");

        await east.Client.Resource<Service>().DeleteAsync(Ns, "web");

        var export = await ExportStatusAsync(east, McsConditions.Valid, ConditionSet.False, "invalid export");
        ConditionSet.Find(export.Status?.Conditions, McsConditions.Valid)!.Reason.Should().Be(Reasons.NoService);
        await Eventually.TrueAsync(async () => await set.Members["west"].Client.Resource<ServiceImport>().GetAsync(Ns, "web") is null, "import removed");
    }

    [Fact]
    public async Task Export_ExternalNameService_InvalidServiceType()
    {
        await using var set = await StartAsync(["east"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = set.Members["east"];
        await east.Client.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Namespace = Ns, Name = "web" },
            Spec = new ServiceSpec { Type = "ExternalName", ExternalName = "example.com" },
        });
        await east.Client.Resource<ServiceExport>().CreateAsync(ExportOf(Ns, "web"));

        var export = await ExportStatusAsync(east, McsConditions.Valid, ConditionSet.False, "invalid export");
        ConditionSet.Find(export.Status?.Conditions, McsConditions.Valid)!.Reason.Should().Be(Reasons.InvalidServiceType);
        (await set.Hub.Resource<ExportedService>().ListAsync()).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task WithdrawCluster_OfflineCluster_ItsSlicesGoneAndImportRecomputed()
    {
        await using var set = await StartAsync(["east", "west", "north"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        await ExportWebAsync(set, "east", ServiceOf(Ns, "web", new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }));
        var west = await ExportWebAsync(set, "west", ServiceOf(Ns, "web", new ServicePort { Name = "grpc", Port = 9090, Protocol = "TCP" }), EndpointAt("10.2.0.1"));
        var north = set.Members["north"];
        await ImportAsync(north, i => i.Status?.Clusters is { Length: 2 } && i.Spec!.Ports.Length == 2, "both exports imported");
        await Eventually.TrueAsync(async () => (await ImportedSlicesAsync(north)).Count == 2, "two slices");

        await west.Agent.StopAsync();
        await set.McsHub.WithdrawClusterAsync("west");

        var import = await ImportAsync(north, i => i.Status?.Clusters is { Length: 1 } && i.Spec!.Ports.Length == 1, "recomputed without west");
        import.Spec!.Ports.Single().Name.Should().Be("http");
        await Eventually.TrueAsync(
            async () => (await ImportedSlicesAsync(north)).Select(s => s.Metadata.Labels![McsLabels.SourceCluster]).SequenceEqual(["east"]),
            "west's slices gone");
    }

    [Fact]
    public async Task NamespaceMissingInAMember_ExportNamesItUntilCreatedThenItGetsTheImport()
    {
        await using var set = await StartAsync(["east", "west", "north"]);
        foreach (var id in new[] { "east", "north" })
        {
            await set.Members[id].Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = Ns } });
        }

        var east = await ExportWebAsync(set, "east");
        var west = set.Members["west"];
        var missing = await ExportStatusAsync(east, McsConditions.NamespaceMissing, ConditionSet.True, "the export says west lacks the namespace");
        var condition = ConditionSet.Find(missing.Status?.Conditions, McsConditions.NamespaceMissing)!;
        condition.Reason.Should().Be(Reasons.NamespaceMissing);
        condition.Message.Should().StartWith("namespace demo does not exist in cluster west: no ServiceImport and no clusterset DNS name for demo/web there");
        ConditionSet.IsTrue(missing.Status?.Conditions, McsConditions.Ready).Should().BeTrue("the export itself is published");
        (await west.Client.Resource<ServiceImport>().ListAsync()).Items.Should().BeEmpty();

        await west.Client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = Ns } });

        await ImportAsync(west, i => i.Spec?.Ips is { Length: > 0 }, "imported after the namespace appeared");
        var present = await ExportStatusAsync(east, McsConditions.NamespaceMissing, ConditionSet.False, "the condition clears once west has the namespace");
        ConditionSet.Find(present.Status?.Conditions, McsConditions.NamespaceMissing)!.Reason.Should().Be(Reasons.NamespacePresent);
    }

    [Fact]
    public async Task Export_WithExportedLabels_ImportsCarryThem()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = set.Members["east"];
        await east.Client.Resource<Service>().CreateAsync(ServiceOf(Ns, "web"));
        await east.Client.Resource<ServiceExport>().CreateAsync(ExportOf(Ns, "web") with
        {
            Spec = new ServiceExportSpec
            {
                ExportedLabels = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("tier", "frontend"),
                ExportedAnnotations = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("owner", "team-a"),
            },
        });

        var import = await ImportAsync(set.Members["west"], i => i.Metadata.Labels?.ContainsKey("tier") == true, "labels imported");
        import.Metadata.Labels!["tier"].Should().Be("frontend");
        import.Metadata.Annotations.Should().Contain("owner", "team-a").And.ContainKey(McsLabels.DerivedServiceAnnotation);
    }

    [Fact]
    public async Task NamespaceDeleted_InExporter_ImportRemovedElsewhere()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = await ExportWebAsync(set, "east");
        await ImportAsync(set.Members["west"], i => i.Spec?.Ips is { Length: > 0 }, "imported");

        await east.Client.Resource<Namespace>().DeleteAsync(null, Ns);

        await Eventually.TrueAsync(async () => await set.Members["west"].Client.Resource<ServiceImport>().GetAsync(Ns, "web") is null, "import removed in west");
        await Eventually.TrueAsync(async () => await east.Client.Resource<Namespace>().GetAsync(null, Ns) is null, "exporter namespace gone");
        (await set.Hub.Resource<ExportedService>().ListAsync()).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task HubNamespaceDeleted_ClusterLeft_ImportRecomputed()
    {
        await using var set = await StartAsync(["east", "west"]);
        await set.CreateNamespaceEverywhereAsync(Ns);
        await ExportWebAsync(set, "east");
        var west = await ExportWebAsync(set, "west", null, EndpointAt("10.2.0.1"));
        await ImportAsync(set.Members["east"], i => i.Status?.Clusters is { Length: 2 }, "both exports");

        await west.Agent.StopAsync();
        await set.Hub.Resource<Namespace>().DeleteAsync(null, HubNamespace("west"));

        await ImportAsync(set.Members["east"], i => i.Status?.Clusters is { Length: 1 }, "recomputed without west");
        await Eventually.TrueAsync(
            async () => (await ImportedSlicesAsync(set.Members["east"])).Select(s => s.Metadata.Labels![McsLabels.SourceCluster]).SequenceEqual(["east"]),
            "west's slices gone");
    }

    [Fact]
    public async Task Export_HubNamespaceMissing_ReadyFalseFailedThenRecovers()
    {
        await using var set = await StartAsync(["east"], configure: (_, o) => o with { HubNamespace = "tdcc-cluster-late" });
        await set.CreateNamespaceEverywhereAsync(Ns);
        var east = set.Members["east"];
        await east.Client.Resource<Service>().CreateAsync(ServiceOf(Ns, "web"));
        await east.Client.Resource<ServiceExport>().CreateAsync(ExportOf(Ns, "web"));

        var failed = await ExportStatusAsync(east, McsConditions.Ready, ConditionSet.False, "publishing fails");
        ConditionSet.Find(failed.Status?.Conditions, McsConditions.Ready)!.Reason.Should().Be(Reasons.Failed);
        ConditionSet.Find(failed.Status?.Conditions, McsConditions.Valid)!.Status.Should().Be(ConditionSet.True);

        await set.Hub.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "tdcc-cluster-late" } });
        await ExportStatusAsync(east, McsConditions.Ready, ConditionSet.True, "published after the hub namespace appeared");
    }
}
