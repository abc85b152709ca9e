using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Hosting;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Hosting;

public sealed class ControllerHostTests
{
    [Fact]
    public async Task StartAsync_ExampleReconciler_StampsExistingAndNewObjects()
    {
        var kube = new InMemoryKubeClient();
        await kube.For<ConfigMap>().CreateAsync(TestObjects.ConfigMap("ns", "existing"));
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(kube);
        services.AddKubeController<StampReconciler>("stamp")
            .Reconciles<ConfigMap>()
            .Configure(options => options.Workers = 2);
        await using var provider = services.BuildServiceProvider();
        var hosted = provider.GetServices<IHostedService>().ToList();

        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        await kube.For<ConfigMap>().CreateAsync(TestObjects.ConfigMap("ns", "later"));
        await Eventually.TrueAsync(
            () => new[] { "existing", "later" }.All(name =>
                kube.For<ConfigMap>().Peek(new ObjectKey("ns", name))?.Metadata.Annotations?.ContainsKey(StampReconciler.Annotation) == true),
            "both config maps stamped");

        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        foreach (var service in hosted)
        {
            await service.StopAsync(stopTimeout.Token);
        }

        hosted.Should().ContainSingle();
    }

    [Fact]
    public async Task StartAsync_WithLeaderElection_RunsWorkersOnlyWhileLeading()
    {
        var kube = new InMemoryKubeClient();
        var time = new FakeTimeProvider();
        var leases = kube.For<Lease>();
        var leaseKey = new ObjectKey("mesh-system", "stamp");
        await leases.CreateAsync(new Lease
        {
            Metadata = new ObjectMeta { Namespace = leaseKey.Namespace, Name = leaseKey.Name },
            Spec = new LeaseSpec { HolderIdentity = "other", LeaseDurationSeconds = 15, RenewTime = time.GetUtcNow() },
        });
        await kube.For<ConfigMap>().CreateAsync(TestObjects.ConfigMap("ns", "existing"));
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(kube);
        services.AddSingleton<TimeProvider>(time);
        services.AddKubeController<StampReconciler>("stamp").Reconciles<ConfigMap>();
        services.AddKubeLeaderElection(o =>
        {
            o.LeaseNamespace = leaseKey.Namespace;
            o.LeaseName = leaseKey.Name;
            o.Identity = "me";
            o.RetryJitter = 0;
        });
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetServices<IHostedService>().OfType<ControllerHost>().Single();
        var elector = provider.GetRequiredService<ILeaderElector>();
        bool Stamped(string name) =>
            kube.For<ConfigMap>().Peek(new ObjectKey("ns", name))?.Metadata.Annotations?.ContainsKey(StampReconciler.Annotation) == true;

        await host.StartAsync(CancellationToken.None);

        // Not leading: informers run, workers don't.
        await Eventually.TrueAsync(() => elector.LeaderIdentity == "other" && time.ArmedTimers > 0, "elector saw the other holder");
        await Task.Delay(200);
        host.WorkersRunning.Should().BeFalse();
        Stamped("existing").Should().BeFalse();

        // The other holder's lease expires: this host takes over and reconciles what it cached meanwhile.
        await Task.Run(() => time.Advance(TimeSpan.FromSeconds(16)));
        await Eventually.TrueAsync(() => elector.IsLeader && Stamped("existing"), "leader stamps the existing config map");
        host.WorkersRunning.Should().BeTrue();

        // Another holder takes the lease: the workers stop at the next renewal.
        var lease = leases.Peek(leaseKey)!;
        await leases.UpdateAsync(lease with { Spec = lease.Spec! with { HolderIdentity = "other", RenewTime = time.GetUtcNow() } });
        await Task.Run(() => time.Advance(TimeSpan.FromSeconds(2)));
        await Eventually.TrueAsync(() => !elector.IsLeader && !host.WorkersRunning, "workers stopped with leadership");
        await kube.For<ConfigMap>().CreateAsync(TestObjects.ConfigMap("ns", "later"));
        await Task.Delay(200);
        Stamped("later").Should().BeFalse();

        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await host.StopAsync(stopTimeout.Token);
        leases.Peek(leaseKey)!.Spec!.HolderIdentity.Should().Be("other", "a candidate that does not lead releases nothing");
    }

    [Fact]
    public async Task StopAsync_WhileLeading_ReleasesTheLease()
    {
        var kube = new InMemoryKubeClient();
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(kube);
        services.AddKubeController<StampReconciler>("stamp").Reconciles<ConfigMap>();
        services.AddKubeLeaderElection(o =>
        {
            o.LeaseNamespace = "mesh-system";
            o.LeaseName = "stamp";
        });
        await using var provider = services.BuildServiceProvider();
        var host = provider.GetServices<IHostedService>().OfType<ControllerHost>().Single();
        await host.StartAsync(CancellationToken.None);
        await host.Started.WaitAsync(TimeSpan.FromSeconds(5));
        await kube.For<ConfigMap>().CreateAsync(TestObjects.ConfigMap("ns", "web"));
        await Eventually.TrueAsync(
            () => kube.For<ConfigMap>().Peek(new ObjectKey("ns", "web"))?.Metadata.Annotations?.ContainsKey(StampReconciler.Annotation) == true,
            "leader stamps new config maps");

        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await host.StopAsync(stopTimeout.Token);

        var spec = kube.For<Lease>().Peek(new ObjectKey("mesh-system", "stamp"))!.Spec!;
        spec.HolderIdentity.Should().BeNull();
        spec.LeaseDurationSeconds.Should().Be(1);
        host.WorkersRunning.Should().BeFalse();
    }
}
