using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>The controller host with real reconcilers against the live server.</summary>
public sealed class ControllerHostTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    private readonly IResourceClient<ConfigMap> configMaps = live.Client.Resource<ConfigMap>();

    [Fact]
    public async Task CopyReconciler_CreateAndUpdate_Converges()
    {
        var ns = await live.CreateNamespaceAsync("copy");
        await configMaps.CreateAsync(Annotated(ns, "existing", "one"));
        var probe = new ReconcileProbe();
        await using var host = await StartCopyHostAsync(ns, probe);

        await WaitForCopyAsync(ns, "existing", "one");

        var created = await configMaps.CreateAsync(Annotated(ns, "later", "two"));
        await WaitForCopyAsync(ns, "later", "two");

        var current = await configMaps.GetAsync(ns, "later");
        await configMaps.UpdateAsync(current!.WithMetadata(current.Metadata with { Annotations = current.Metadata.Annotations!.SetItem(CopyAnnotationReconciler.SourceAnnotation, "three") }));
        await WaitForCopyAsync(ns, "later", "three");
        created.Metadata.Uid.Should().Be((await configMaps.GetAsync(ns, "later"))!.Metadata.Uid);
    }

    [Fact]
    public async Task CopyReconciler_InjectedFailures_RequeuesUntilConverged()
    {
        var ns = await live.CreateNamespaceAsync("retry");
        var probe = new ReconcileProbe();
        var key = new ObjectKey(ns, "flaky");
        probe.FailNext(key, 3);
        await using var host = await StartCopyHostAsync(ns, probe);

        await configMaps.CreateAsync(Annotated(ns, "flaky", "eventually"));

        await WaitForCopyAsync(ns, "flaky", "eventually");
        probe.InjectedFailures(key).Should().Be(3);
        probe.Attempts(key).Should().BeGreaterThanOrEqualTo(4, "three failed attempts are retried by the rate-limited queue");
    }

    [Fact]
    public async Task FinalizingReconciler_Delete_CleansUpAndReleasesTheObject()
    {
        var ns = await live.CreateNamespaceAsync("finalize");
        var probe = new ReconcileProbe();
        await using var host = await ControllerTestHost.StartAsync(live.Client, services =>
        {
            services.AddSingleton(probe);
            services.AddKubeInformer<ConfigMap>(options => options.Namespace = ns);
            services.AddKubeController<FinalizingReconciler>("finalizing-" + ns).Reconciles<ConfigMap>();
        });
        var guarded = TestObjects.ConfigMap(ns, "guarded", labels: new Dictionary<string, string> { [FinalizingReconciler.GuardedLabel] = "true" });

        await configMaps.CreateAsync(guarded);
        await Eventually.TrueAsync(
            async () => (await configMaps.GetAsync(ns, "guarded"))?.Metadata.Finalizers?.Contains(FinalizingReconciler.Finalizer) == true
                && await configMaps.GetAsync(ns, FinalizingReconciler.CompanionOf("guarded")) is not null,
            "the finalizer is added and the companion created");

        var deleting = await configMaps.DeleteAsync(ns, "guarded");
        deleting.Should().NotBeNull("the finalizer holds the object");
        deleting!.Metadata.DeletionTimestamp.Should().NotBeNull();

        await Eventually.TrueAsync(async () => await configMaps.GetAsync(ns, "guarded") is null, "the reconciler removes its finalizer and the object goes");
        (await configMaps.GetAsync(ns, FinalizingReconciler.CompanionOf("guarded"))).Should().BeNull("the reconciler cleaned up first");
        probe.Notes.Should().ContainInOrder($"saw deletion of {ns}/guarded", $"released {ns}/guarded");
        var store = host.Get<IInformerStore<ConfigMap>>();
        await Eventually.TrueAsync(() => store.GetByKey(new ObjectKey(ns, "guarded")) is null, "the cache drops the deleted object");
    }

    [Fact]
    public async Task OwnsDependents_DependentDeleted_OwnerIsReconciledAndRecreatesIt()
    {
        var ns = await live.CreateNamespaceAsync("owns");
        var probe = new ReconcileProbe();
        await using var host = await ControllerTestHost.StartAsync(live.Client, services =>
        {
            services.AddSingleton(probe);
            services.AddKubeInformer<ConfigMap>(options => options.Namespace = ns);
            services.AddKubeInformer<Deployment>(options => options.Namespace = ns);
            services.AddKubeController<OwnedConfigReconciler>("owned-" + ns).Reconciles<Deployment>().Owns<ConfigMap>();
        });
        var deployment = await live.Client.Resource<Deployment>().CreateAsync(TestObjects.Deployment(ns, "app"));
        var configName = OwnedConfigReconciler.ConfigOf("app");

        await Eventually.TrueAsync(async () => await configMaps.GetAsync(ns, configName) is not null, "the owned config map is created");
        var first = await configMaps.GetAsync(ns, configName);
        first!.Metadata.OwnerReferences!.Value.Should().ContainSingle().Which.Uid.Should().Be(deployment.Metadata.Uid);

        await configMaps.DeleteAsync(ns, configName);

        await Eventually.TrueAsync(
            async () => (await configMaps.GetAsync(ns, configName))?.Metadata.Uid is { } uid && uid != first.Metadata.Uid,
            "deleting the dependent enqueues its controller owner, which recreates it");
        probe.Notes.Should().HaveCount(2);
    }

    [Fact]
    public async Task StatusReconciler_TypedCustomResource_WritesConditionsOnlyOnChange()
    {
        await WidgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("status");
        var probe = new ReconcileProbe();
        await using var host = await ControllerTestHost.StartAsync(live.Client, services =>
        {
            services.AddSingleton(probe);
            services.AddKubeInformer<Widget>(options => options.Namespace = ns);
            services.AddKubeController<WidgetStatusReconciler>("widget-status-" + ns).Reconciles<Widget>();
        });
        var widgets = live.Client.Resource<Widget>();

        var created = await widgets.CreateAsync(new Widget { Metadata = new ObjectMeta { Namespace = ns, Name = "w" }, Spec = new WidgetSpec { Size = 2 } });

        await Eventually.TrueAsync(async () => (await widgets.GetAsync(ns, "w"))?.Status?.ObservedSize == 2, "the status reports the size");
        var first = await widgets.GetAsync(ns, "w");
        var ready = ConditionSet.Find(first!.Status!.Conditions, WidgetStatusReconciler.Ready);
        ready!.Status.Should().Be(ConditionSet.True);
        ready.ObservedGeneration.Should().Be(1);
        first.Spec!.Size.Should().Be(2, "the status write kept the spec");
        first.Metadata.Generation.Should().Be(created.Metadata.Generation, "status writes do not bump the generation");

        await widgets.UpdateAsync(first with { Spec = first.Spec with { Size = 5 } });

        await Eventually.TrueAsync(async () => (await widgets.GetAsync(ns, "w"))?.Status?.ObservedSize == 5, "the status follows the spec");
        var second = await widgets.GetAsync(ns, "w");
        var stillReady = ConditionSet.Find(second!.Status!.Conditions, WidgetStatusReconciler.Ready);
        stillReady!.ObservedGeneration.Should().Be(2);
        stillReady.LastTransitionTime.Should().Be(ready.LastTransitionTime, "the status did not change, so the transition time stays");
        probe.Notes.Should().Equal("status written for size 2", "status written for size 5");
    }

    private Task<ControllerTestHost> StartCopyHostAsync(string ns, ReconcileProbe probe) =>
        ControllerTestHost.StartAsync(live.Client, services =>
        {
            services.AddSingleton(probe);
            services.AddKubeInformer<ConfigMap>(options => options.Namespace = ns);
            services.AddKubeController<CopyAnnotationReconciler>("copy-" + ns)
                .Reconciles<ConfigMap>()
                .Configure(options => options.Workers = 2);
        });

    private Task WaitForCopyAsync(string ns, string name, string expected) =>
        Eventually.TrueAsync(
            async () => (await configMaps.GetAsync(ns, name))?.Data?.GetValueOrDefault("copy") == expected,
            $"{ns}/{name} has data.copy = {expected}");

    private static ConfigMap Annotated(string ns, string name, string source)
    {
        var cm = TestObjects.ConfigMap(ns, name);
        return cm.WithMetadata(cm.Metadata with { Annotations = ImmutableDictionary<string, string>.Empty.Add(CopyAnnotationReconciler.SourceAnnotation, source) });
    }
}
