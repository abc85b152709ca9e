using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Diagnostics;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Runtime.Undecodable;

/// <summary>
/// One stored object the typed client cannot decode (<c>"replicas": "three"</c> in a loosely-schemed CRD) must not
/// stall the informer or the controller: the object is skipped and counted, every other object is served.
/// </summary>
public sealed class UndecodableObjectTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    [Fact]
    public async Task Controller_OneUndecodableObject_OtherObjectsStillReconcile()
    {
        await GadgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("undecodable-ctl");
        await GadgetCrd.CreateRawAsync(live.Server.BaseAddress, ns, "bad", "\"three\"");
        await live.Client.Resource<Gadget>().CreateAsync(NewGadget(ns, "before", 1));
        var probe = new ReconcileProbe();
        await using var host = await ControllerTestHost.StartAsync(live.Client, services =>
        {
            services.AddSingleton(probe);
            services.AddKubeInformer<Gadget>(options => options.Namespace = ns);
            services.AddKubeController<GadgetReconciler>("gadgets-" + ns).Reconciles<Gadget>();
        });

        await Eventually.TrueAsync(() => probe.Attempts(new ObjectKey(ns, "before")) > 0, "the gadget listed next to the bad one is reconciled");
        await live.Client.Resource<Gadget>().CreateAsync(NewGadget(ns, "after", 2));
        await Eventually.TrueAsync(() => probe.Attempts(new ObjectKey(ns, "after")) > 0, "a gadget created later is reconciled: the watch goes on");
        probe.Attempts(new ObjectKey(ns, "bad")).Should().Be(0, "the undecodable gadget never reaches the reconciler");
    }

    [Fact]
    public async Task Informer_UndecodableObjectLifecycle_SkipsCountsReplacesAndDeletes()
    {
        await GadgetCrd.EnsureAsync(live.Client);
        var ns = await live.CreateNamespaceAsync("undecodable-inf");
        var server = live.Server.BaseAddress;
        var bad = new ObjectKey(ns, "bad");
        await GadgetCrd.CreateRawAsync(server, ns, "bad", "\"three\"");
        await live.Client.Resource<Gadget>().CreateAsync(NewGadget(ns, "good-1", 1));

        using var meter = new Meter("undecodable-test-" + Guid.NewGuid());
        using var counted = new CounterProbe(meter, "tdcc.informer.undecodable_objects");
        var informer = new SharedInformer<Gadget>(
            live.Client.Resource<Gadget>(),
            new InformerOptions<Gadget> { Namespace = ns, MinReconnectDelay = TimeSpan.FromMilliseconds(50) },
            TimeProvider.System,
            NullLogger<SharedInformer<Gadget>>.Instance,
            new RuntimeInstruments(meter));
        using var stop = new CancellationTokenSource();
        var run = informer.RunAsync(stop.Token);

        // The list holds a bad item: the informer syncs with the others and counts the bad one once.
        await informer.ReadyAsync().WaitAsync(Eventually.DefaultTimeout);
        informer.Store.List().Select(g => g.Metadata.Name).Should().Equal("good-1");
        informer.UndecodableKeys.Should().Equal(bad);
        counted.Total(Gadget.Resource.ToString()).Should().Be(1);
        var handler = new RecordingHandler<Gadget>();
        using var subscription = informer.AddEventHandler(handler);

        // A new bad version arrives on the watch: counted again; a good object after it is still seen.
        await GadgetCrd.PatchReplicasAsync(server, ns, "bad", "\"four\"");
        await live.Client.Resource<Gadget>().CreateAsync(NewGadget(ns, "good-2", 2));
        await Eventually.TrueAsync(() => handler.Saw("add", "good-2"), "the watch goes on past the bad event");
        counted.Total(Gadget.Resource.ToString()).Should().Be(2);

        // A valid version replaces it.
        await GadgetCrd.PatchReplicasAsync(server, ns, "bad", "3");
        await Eventually.TrueAsync(() => informer.Store.GetByKey(bad)?.Spec?.Replicas == 3, "the valid version is cached");
        // The store is updated before the handlers hear of it: the add event follows a moment later.
        await Eventually.TrueAsync(() => handler.Saw("add", "bad"), "the valid version reaches the handler as an add");
        informer.UndecodableKeys.Should().BeEmpty();

        // Broken again: the last good version stays cached (the object still exists), and its deletion is seen.
        await GadgetCrd.PatchReplicasAsync(server, ns, "bad", "{}");
        await Eventually.TrueAsync(() => informer.UndecodableKeys.Contains(bad), "the broken version is noticed");
        informer.Store.GetByKey(bad)!.Spec!.Replicas.Should().Be(3);
        await live.Client.Resource(Gadget.Resource).DeleteAsync(ns, "bad");
        await Eventually.TrueAsync(() => handler.Saw("delete", "bad"), "the deletion of the undecodable object is delivered");
        informer.Store.GetByKey(bad).Should().BeNull();
        informer.UndecodableKeys.Should().BeEmpty();
        counted.Total(Gadget.Resource.ToString()).Should().Be(3);

        await stop.CancelAsync();
        await run.WaitAsync(Eventually.DefaultTimeout);
    }

    private static Gadget NewGadget(string ns, string name, int replicas) =>
        new() { Metadata = new ObjectMeta { Namespace = ns, Name = name }, Spec = new GadgetSpec { Replicas = replicas } };

    /// <summary>Sums one counter of one meter instance by its <c>resource</c> tag.</summary>
    private sealed class CounterProbe : IDisposable
    {
        private readonly MeterListener listener = new();
        private readonly Dictionary<string, long> totals = [];
        private readonly Lock gate = new();

        public CounterProbe(Meter meter, string name)
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == name)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "resource" && tag.Value is string resource)
                    {
                        lock (gate)
                        {
                            totals[resource] = totals.GetValueOrDefault(resource) + value;
                        }
                    }
                }
            });
            listener.Start();
        }

        public long Total(string resource)
        {
            lock (gate)
            {
                return totals.GetValueOrDefault(resource);
            }
        }

        public void Dispose() => listener.Dispose();
    }
}
