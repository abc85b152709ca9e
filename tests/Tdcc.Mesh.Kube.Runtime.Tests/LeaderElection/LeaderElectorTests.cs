using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Kube.Runtime.Tests.Fakes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Kube.Runtime.Tests.LeaderElection;

/// <summary>
/// The fake lease client completes synchronously, so an elector's loop runs inline inside
/// <see cref="FakeTimeProvider.Advance"/> when that is called off xunit's synchronization context
/// (<see cref="AdvanceAsync"/>): after each advance, every elector has settled.
/// </summary>
public sealed class LeaderElectorTests : IDisposable
{
    private const string Ns = "mesh-system";
    private const string Name = "mesh-controller";
    private readonly InMemoryKubeClient kube = new();
    private readonly FakeTimeProvider time = new();
    private readonly Meter meter = new("Test." + Guid.NewGuid().ToString("N"));
    private readonly CancellationTokenSource stop = new();

    private InMemoryResourceClient<Lease> Leases => kube.For<Lease>();

    private LeaseSpec Spec => Leases.Peek(new ObjectKey(Ns, Name))!.Spec!;

    public void Dispose()
    {
        stop.Cancel();
        stop.Dispose();
        meter.Dispose();
    }

    [Fact]
    public async Task RunAsync_NoLease_CreatesItAndLeads()
    {
        var (elector, calls) = Create("a");

        var run = elector.RunAsync(stop.Token);

        elector.IsLeader.Should().BeTrue();
        calls.Started.Should().ContainSingle().Which.IsCancellationRequested.Should().BeFalse();
        calls.NewLeaders.Should().Equal("a");
        Spec.HolderIdentity.Should().Be("a");
        Spec.LeaseDurationSeconds.Should().Be(15);
        Spec.LeaseTransitions.Should().Be(0);
        Spec.AcquireTime.Should().Be(time.GetUtcNow());
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_LeaseHeldAndUnexpired_DoesNotLead()
    {
        await SeedAsync("other", renewedAgo: TimeSpan.Zero);
        var (elector, calls) = Create("a");

        var run = elector.RunAsync(stop.Token);
        await AdvanceAsync(TimeSpan.FromSeconds(14));

        elector.IsLeader.Should().BeFalse();
        elector.LeaderIdentity.Should().Be("other");
        calls.NewLeaders.Should().Equal("other");
        calls.Started.Should().BeEmpty();
        Spec.HolderIdentity.Should().Be("other");
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_LeaseStaleByItsTimestamps_TakesItOverOneLeaseDurationAfterSeeingItAndCountsTransition()
    {
        // The holder's renewTime is 16 s old by our clock, but its clock may be behind ours: only a full lease
        // duration without a renewal seen on our own clock proves the holder gone (client-go's observedTime).
        await SeedAsync("other", renewedAgo: TimeSpan.FromSeconds(16), transitions: 3);
        var (elector, calls) = Create("a");

        var run = elector.RunAsync(stop.Token);
        await AdvanceAsync(TimeSpan.FromSeconds(14.9));
        elector.IsLeader.Should().BeFalse();
        await AdvanceAsync(TimeSpan.FromSeconds(0.1));

        elector.IsLeader.Should().BeTrue();
        calls.NewLeaders.Should().Equal("other", "a");
        Spec.HolderIdentity.Should().Be("a");
        Spec.LeaseTransitions.Should().Be(4);
        Spec.AcquireTime.Should().Be(time.GetUtcNow());
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_HeldLeaseExpiresLater_TakesItOverThen()
    {
        await SeedAsync("other", renewedAgo: TimeSpan.Zero);
        var (elector, _) = Create("a");

        var run = elector.RunAsync(stop.Token);
        await AdvanceAsync(TimeSpan.FromSeconds(14.9));
        elector.IsLeader.Should().BeFalse();
        await AdvanceAsync(TimeSpan.FromSeconds(0.1));

        elector.IsLeader.Should().BeTrue("it tries again the moment the lease expires, not at its next retry period");
        Spec.LeaseTransitions.Should().Be(1);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_HolderCrashesAfterRenewing_TakesOverAtExpiryNotARetryPeriodLate()
    {
        await SeedAsync("other", renewedAgo: TimeSpan.Zero);
        var (elector, _) = Create("a");
        var run = elector.RunAsync(stop.Token);

        // The holder renews at 1 s (between the standby's reads at 0 s and 2 s) and then crashes.
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        await RenewAsHolderAsync("other", skew: TimeSpan.Zero);
        await AdvanceAsync(TimeSpan.FromSeconds(14.9));
        elector.IsLeader.Should().BeFalse("the lease renewed at 1 s is valid until 16 s");
        await AdvanceAsync(TimeSpan.FromSeconds(0.1));

        elector.IsLeader.Should().BeTrue("the standby takes over at 16 s, not at its next read at 18 s");
        Spec.HolderIdentity.Should().Be("a");
        await StopAsync(run);
    }

    [Theory]
    [InlineData(-60)]
    [InlineData(60)]
    public async Task RunAsync_HolderClockSkewed_TakesOverOneLeaseDurationAfterItsLastRenewalByOwnClock(int skewSeconds)
    {
        // The holder stamps renewTime with a clock skewSeconds off ours: behind, its lease looks long expired; ahead,
        // it looks valid for a minute more. Neither matters: the standby counts from the renewals it sees.
        var skew = TimeSpan.FromSeconds(skewSeconds);
        await SeedAsync("other", renewedAgo: -skew);
        var (elector, _) = Create("a");
        var run = elector.RunAsync(stop.Token);

        // The holder renews at 1, 3, 5, 7 and 9 s, then crashes.
        for (var renewal = 0; renewal < 5; renewal++)
        {
            await AdvanceAsync(TimeSpan.FromSeconds(1));
            await RenewAsHolderAsync("other", skew);
            await AdvanceAsync(TimeSpan.FromSeconds(1));
            elector.IsLeader.Should().BeFalse("the holder renews");
        }

        await AdvanceAsync(TimeSpan.FromSeconds(13.9));
        elector.IsLeader.Should().BeFalse("the last renewal, at 9 s, is valid until 24 s");
        await AdvanceAsync(TimeSpan.FromSeconds(0.1));

        elector.IsLeader.Should().BeTrue("the lease expired at 24 s by the standby's clock");
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_Leading_RenewsAndKeepsTheLease()
    {
        var (elector, calls) = Create("a");
        var run = elector.RunAsync(stop.Token);
        var acquired = time.GetUtcNow();

        await AdvanceAsync(TimeSpan.FromSeconds(60));

        elector.IsLeader.Should().BeTrue();
        calls.Started.Should().ContainSingle().Which.IsCancellationRequested.Should().BeFalse();
        Spec.HolderIdentity.Should().Be("a");
        Spec.RenewTime.Should().Be(time.GetUtcNow());
        Spec.AcquireTime.Should().Be(acquired);
        Spec.LeaseTransitions.Should().Be(0);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_RenewalFailsPastDeadline_StepsDownAndCancelsLeadingToken()
    {
        var (elector, calls) = Create("a");
        var run = elector.RunAsync(stop.Token);
        await AdvanceAsync(TimeSpan.FromSeconds(4));
        var lastRenew = Spec.RenewTime!.Value;
        Leases.Fault = _ => new KubeApiException(KubeErrorReason.ServiceUnavailable, 503, "etcd is down");

        await AdvanceAsync(TimeSpan.FromSeconds(8));
        elector.IsLeader.Should().BeTrue("the renew deadline (10s) has not passed");
        await AdvanceAsync(TimeSpan.FromSeconds(2));

        elector.IsLeader.Should().BeFalse();
        calls.Started.Single().IsCancellationRequested.Should().BeTrue();
        calls.Stopped.Should().Be(1);
        time.GetUtcNow().Should().BeBefore(lastRenew + TimeSpan.FromSeconds(15), "a leader steps down before others may take the lease");
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_AnotherHolderTookTheLease_StepsDownAtNextRenewal()
    {
        var (elector, calls) = Create("a");
        var run = elector.RunAsync(stop.Token);
        var lease = Leases.Peek(new ObjectKey(Ns, Name))!;
        await Leases.UpdateAsync(lease with { Spec = lease.Spec! with { HolderIdentity = "intruder", RenewTime = time.GetUtcNow() } });

        await AdvanceAsync(TimeSpan.FromSeconds(2));

        elector.IsLeader.Should().BeFalse();
        calls.Started.Single().IsCancellationRequested.Should().BeTrue();
        calls.NewLeaders.Should().Equal("a", "intruder");
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_Cancelled_ReleasesTheLease()
    {
        var (elector, calls) = Create("a");
        var run = elector.RunAsync(stop.Token);
        await AdvanceAsync(TimeSpan.FromSeconds(3));

        await StopAsync(run);

        elector.IsLeader.Should().BeFalse();
        calls.Started.Single().IsCancellationRequested.Should().BeTrue();
        calls.Stopped.Should().Be(1);
        Spec.HolderIdentity.Should().BeNull();
        Spec.LeaseDurationSeconds.Should().Be(1);
        Spec.LeaseTransitions.Should().Be(0);
    }

    [Fact]
    public async Task RunAsync_LeadThenStop_IsLeaderGaugeGoesOneThenZero()
    {
        var values = new List<int>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == meter && instrument.Name == "tdcc.leader_election.is_leader")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, value, tags, _) =>
        {
            tags.ToArray().Should().Contain(new KeyValuePair<string, object?>("lease", $"{Ns}/{Name}"));
            values.Add(value);
        });
        listener.Start();
        var (elector, _) = Create("a");

        var run = elector.RunAsync(stop.Token);
        await StopAsync(run);

        values.Should().Equal(0, 1, 0);
    }

    [Fact]
    public async Task RunAsync_ReleasedLease_NextCandidateTakesItAtOnce()
    {
        var (first, _) = Create("a");
        using var firstStop = new CancellationTokenSource();
        var firstRun = first.RunAsync(firstStop.Token);
        var (second, _) = Create("b");
        var secondRun = second.RunAsync(stop.Token);
        second.IsLeader.Should().BeFalse();

        await firstStop.CancelAsync();
        await firstRun;
        await AdvanceAsync(TimeSpan.FromSeconds(2));

        second.IsLeader.Should().BeTrue();
        Spec.HolderIdentity.Should().Be("b");
        Spec.LeaseTransitions.Should().Be(1);
        await StopAsync(secondRun);
    }

    [Fact]
    public async Task RunAsync_ConflictingWrite_RetriesNextPeriod()
    {
        await SeedAsync(holder: null, renewedAgo: TimeSpan.FromSeconds(30));
        var raced = false;
        Leases.Fault = verb =>
        {
            if (verb == "update" && !raced)
            {
                // Another candidate writes between our read and our write: our resourceVersion is stale.
                raced = true;
                var current = Leases.Peek(new ObjectKey(Ns, Name))!;
                Leases.SetSilently(current, new ObjectKey(Ns, Name));
            }

            return null;
        };
        var (elector, _) = Create("a");

        var run = elector.RunAsync(stop.Token);
        elector.IsLeader.Should().BeFalse("the first write got a 409");
        await AdvanceAsync(TimeSpan.FromSeconds(2));

        elector.IsLeader.Should().BeTrue();
        Spec.LeaseTransitions.Should().Be(1);
        await StopAsync(run);
    }

    [Fact]
    public async Task RunAsync_TwoCandidatesWithPartitions_NeverBothLead()
    {
        var clientA = new PartitionableKubeClient(kube);
        var clientB = new PartitionableKubeClient(kube);
        var (a, _) = Create("a", clientA);
        var (b, _) = Create("b", clientB);
        var runA = a.RunAsync(stop.Token);
        var runB = b.RunAsync(stop.Token);
        var leaders = new HashSet<string>();

        // 300 simulated seconds in 250ms steps: partition whoever leads, heal, repeat.
        for (var step = 0; step < 1200; step++)
        {
            if (step % 160 == 40)
            {
                (a.IsLeader ? clientA : clientB).Partitioned = true;
            }
            else if (step % 160 == 120)
            {
                clientA.Partitioned = clientB.Partitioned = false;
            }

            await AdvanceAsync(TimeSpan.FromMilliseconds(250));
            (a.IsLeader && b.IsLeader).Should().BeFalse($"only one candidate may lead (t={step * 0.25}s)");
            if (a.IsLeader)
            {
                leaders.Add("a");
            }

            if (b.IsLeader)
            {
                leaders.Add("b");
            }
        }

        leaders.Should().BeEquivalentTo(["a", "b"], "leadership moved when the leader was cut off");
        await StopAsync(runA, runB);
    }

    private Task AdvanceAsync(TimeSpan delta) => Task.Run(() => time.Advance(delta));

    private async Task RenewAsHolderAsync(string holder, TimeSpan skew)
    {
        var lease = Leases.Peek(new ObjectKey(Ns, Name))!;
        await Leases.UpdateAsync(lease with { Spec = lease.Spec! with { HolderIdentity = holder, RenewTime = time.GetUtcNow() + skew } });
    }

    private async Task SeedAsync(string? holder, TimeSpan renewedAgo, int transitions = 0) =>
        await Leases.CreateAsync(new Lease
        {
            Metadata = new ObjectMeta { Namespace = Ns, Name = Name },
            Spec = new LeaseSpec
            {
                HolderIdentity = holder,
                LeaseDurationSeconds = 15,
                AcquireTime = time.GetUtcNow() - renewedAgo,
                RenewTime = time.GetUtcNow() - renewedAgo,
                LeaseTransitions = transitions,
            },
        });

    private (LeaderElector Elector, Calls Calls) Create(string identity, IKubeClient? client = null)
    {
        var options = new LeaderElectionOptions { LeaseNamespace = Ns, LeaseName = Name, Identity = identity, RetryJitter = 0 };
        var elector = new LeaderElector(client ?? kube, options, time, new LeaderElectionInstruments(meter), NullLogger<LeaderElector>.Instance);
        var calls = new Calls();
        elector.Subscribe(new LeaderCallbacks
        {
            OnStartedLeading = calls.Started.Add,
            OnStoppedLeading = () => calls.Stopped++,
            OnNewLeader = calls.NewLeaders.Add,
        });
        return (elector, calls);
    }

    private async Task StopAsync(params Task[] runs)
    {
        await stop.CancelAsync();
        await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(5));
    }

    private sealed class Calls
    {
        public List<CancellationToken> Started { get; } = [];

        public int Stopped { get; set; }

        public List<string> NewLeaders { get; } = [];
    }
}
