using Microsoft.Extensions.DependencyInjection;
using Tdcc.Mesh.IntegrationTests.Client;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Runtime;

/// <summary>Two leader electors campaigning for one Lease on the live server.</summary>
public sealed class LeaderElectionTests(LiveApiServer live) : IClassFixture<LiveApiServer>
{
    [Fact]
    [Trait("Category", "Slow")]
    public async Task RunAsync_TwoCandidates_ExactlyOneLeadsAndTheOtherTakesOverAfterRelease()
    {
        var ns = await live.CreateNamespaceAsync("election");
        await using var first = Candidate(ns, "first", releaseOnCancel: true);
        await using var second = Candidate(ns, "second", releaseOnCancel: true);
        first.Start();
        var leader = await LeaderOfAsync(first, second);
        second.Start();
        var follower = leader == first ? second : first;

        await Eventually.TrueAsync(() => follower.Elector.LeaderIdentity == leader.Elector.Identity, "the follower sees the leader");
        follower.Elector.IsLeader.Should().BeFalse();
        await AssertSingleLeaderAsync(first, second, TimeSpan.FromSeconds(1));
        (await LeaseHolderAsync(ns)).Should().Be(leader.Elector.Identity);

        await leader.StopAsync();

        leader.Elector.IsLeader.Should().BeFalse();
        await Eventually.TrueAsync(() => follower.Elector.IsLeader, "the follower takes over the released lease");
        follower.StartedLeading.Should().Be(1);
        leader.StoppedLeading.Should().Be(1);
        (await LeaseHolderAsync(ns)).Should().Be(follower.Elector.Identity);
        var lease = await live.Client.Resource<Lease>().GetAsync(ns, "election");
        lease!.Spec!.LeaseTransitions.Should().BeGreaterThanOrEqualTo(1, "the holder changed once");
        lease.Spec.LeaseDurationSeconds.Should().Be(3);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public async Task RunAsync_LeaderStopsWithoutRelease_OtherTakesOverAfterLeaseExpires()
    {
        var ns = await live.CreateNamespaceAsync("expiry");
        await using var first = Candidate(ns, "first", releaseOnCancel: false);
        await using var second = Candidate(ns, "second", releaseOnCancel: false);
        first.Start();
        await Eventually.TrueAsync(() => first.Elector.IsLeader, "the only candidate leads");
        second.Start();
        await Eventually.TrueAsync(() => second.Elector.LeaderIdentity == "first", "the second candidate sees the leader");

        await first.StopAsync();
        (await LeaseHolderAsync(ns)).Should().Be("first", "the lease is not released");

        await Eventually.TrueAsync(() => second.Elector.IsLeader, "the second candidate takes over once the lease expires");
        (await LeaseHolderAsync(ns)).Should().Be("second");
    }

    private static async Task<CandidateHost> LeaderOfAsync(CandidateHost a, CandidateHost b)
    {
        await Eventually.TrueAsync(() => a.Elector.IsLeader || b.Elector.IsLeader, "a candidate leads");
        return a.Elector.IsLeader ? a : b;
    }

    /// <summary>Samples both candidates for a while: never may both lead.</summary>
    private static async Task AssertSingleLeaderAsync(CandidateHost a, CandidateHost b, TimeSpan duration)
    {
        var end = Environment.TickCount64 + (long)duration.TotalMilliseconds;
        while (Environment.TickCount64 < end)
        {
            (a.Elector.IsLeader && b.Elector.IsLeader).Should().BeFalse("at most one candidate leads");
            await Task.Delay(10);
        }
    }

    private async Task<string?> LeaseHolderAsync(string ns) =>
        (await live.Client.Resource<Lease>().GetAsync(ns, "election"))?.Spec?.HolderIdentity;

    private CandidateHost Candidate(string ns, string identity, bool releaseOnCancel)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IKubeClient>(live.Client);
        services.AddKubeLeaderElection(options =>
        {
            options.LeaseNamespace = ns;
            options.LeaseName = "election";
            options.Identity = identity;
            options.LeaseDuration = TimeSpan.FromSeconds(3);
            options.RenewDeadline = TimeSpan.FromSeconds(2);
            options.RetryPeriod = TimeSpan.FromMilliseconds(200);
            options.ReleaseOnCancel = releaseOnCancel;
        });
        return new CandidateHost(services.BuildServiceProvider());
    }

    /// <summary>One candidate process: its own container, elector and run loop.</summary>
    private sealed class CandidateHost : IAsyncDisposable
    {
        private readonly ServiceProvider provider;
        private readonly CancellationTokenSource stop = new();
        private readonly IDisposable subscription;
        private Task run = Task.CompletedTask;
        private int startedLeading;
        private int stoppedLeading;

        public CandidateHost(ServiceProvider provider)
        {
            this.provider = provider;
            Elector = provider.GetRequiredService<ILeaderElector>();
            subscription = Elector.Subscribe(new LeaderCallbacks
            {
                OnStartedLeading = _ => Interlocked.Increment(ref startedLeading),
                OnStoppedLeading = () => Interlocked.Increment(ref stoppedLeading),
            });
        }

        public ILeaderElector Elector { get; }

        public int StartedLeading => Volatile.Read(ref startedLeading);

        public int StoppedLeading => Volatile.Read(ref stoppedLeading);

        public void Start() => run = Task.Run(() => Elector.RunAsync(stop.Token));

        public async Task StopAsync()
        {
            await stop.CancelAsync();
            await run.WaitAsync(Eventually.DefaultTimeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            subscription.Dispose();
            stop.Dispose();
            await provider.DisposeAsync();
        }
    }
}
