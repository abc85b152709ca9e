using System.Diagnostics;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Clusters.Tests;

/// <summary>
/// Two replicas of one member's agent under leader election: both join, only the elected one writes to the hub
/// (registration request, heartbeat Lease, status), and the other heartbeats once the first is gone.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReplicaElectionTests
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(2);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task TwoReplicas_FirstInstall_OneRequestsAndHeartbeats_OtherTakesOverWhenItStops(bool releaseOnStop)
    {
        // A heartbeat timeout the takeover must stay well within, also when the leader's Lease has to expire.
        await using var h = await ClustersHarness.StartAsync(heartbeatTimeout: TimeSpan.FromSeconds(10));
        var token = await h.BootstrapTokenAsync();
        using var hubOfA = new CountingHubClients(h.HubServer.BaseAddress);
        using var hubOfB = new CountingHubClients(h.HubServer.BaseAddress);

        // A first install: no stored credentials; both replicas start at once.
        var a = h.StartAgent(Replica(h, token, "east-a", releaseOnStop), h.Member1, hubOfA.Create);
        var b = h.StartAgent(Replica(h, token, "east-b", releaseOnStop), h.Member1, hubOfB.Create);
        var joinedA = await a.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        var joinedB = await b.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        joinedB.HubNamespace.Should().Be(joinedA.HubNamespace, "the standby joined with the credentials the elected replica stored");

        var leases = h.HubAdmin.Resource<Lease>();
        var holder = (await Eventually.GetAsync(() => leases.GetAsync(joinedA.HubNamespace, "member-1"), l => l.Spec?.HolderIdentity is not null)).Spec!.HolderIdentity;
        holder.Should().BeOneOf("east-a", "east-b");
        var (leader, leaderHub, standby, standbyHub, standbyName) = holder == "east-a" ? (a, hubOfA, b, hubOfB, "east-b") : (b, hubOfB, a, hubOfA, "east-a");
        var ready = await Eventually.GetAsync(() => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"), c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready));
        var readySince = ready.Status!.Conditions!.Value.Single(c => c.Type == ClusterConditions.Ready).LastTransitionTime;

        // A few heartbeat intervals: the elected replica renews, the standby writes nothing to the hub.
        var leaderWrites = leaderHub.Writes;
        await Task.Delay(TimeSpan.FromSeconds(1));
        leaderHub.Writes.Should().BeGreaterThan(leaderWrites, "the elected replica heartbeats");
        leaderHub.WritesTo("/clusterregistrationrequests").Should().Be(1, "the elected replica filed the one registration request");
        standbyHub.Writes.Should().Be(0, "the standby neither files a request nor heartbeats nor reports status");
        (await leases.GetAsync(joinedA.HubNamespace, "member-1"))!.Spec!.HolderIdentity.Should().Be(holder);

        var stopped = Stopwatch.StartNew();
        await leader.DisposeAsync();
        var renewedByStandby = await Eventually.GetAsync(
            () => leases.GetAsync(joinedA.HubNamespace, "member-1"),
            l => l.Spec?.HolderIdentity == standbyName,
            timeout: TimeSpan.FromSeconds(15));
        var takeover = stopped.Elapsed;
        var bound = releaseOnStop ? TimeSpan.FromSeconds(5) : LeaseDuration + TimeSpan.FromSeconds(5);
        takeover.Should().BeLessThan(bound, "the standby heartbeats once the leader released its Lease, or once that Lease expired");
        standbyHub.WritesTo("/leases/member-1").Should().BeGreaterThan(0);
        standbyHub.WritesTo("/clusterregistrationrequests").Should().Be(0, "taking over needs no new registration");
        await Eventually.TrueAsync(async () => (await leases.GetAsync(joinedA.HubNamespace, "member-1"))?.Spec?.RenewTime > renewedByStandby.Spec!.RenewTime);

        var cluster = await h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1");
        var readyNow = cluster!.Status!.Conditions!.Value.Single(c => c.Type == ClusterConditions.Ready);
        readyNow.Status.Should().Be("True");
        readyNow.LastTransitionTime.Should().Be(readySince, "the cluster stayed Ready across the takeover");
        standby.Membership.Should().NotBeNull();
    }

    [Fact]
    public async Task Standby_ClusterRemoved_LeftWithoutTouchingLocalState()
    {
        await using var h = await ClustersHarness.StartAsync();
        var token = await h.BootstrapTokenAsync();
        using var hubOfA = new CountingHubClients(h.HubServer.BaseAddress);
        using var hubOfB = new CountingHubClients(h.HubServer.BaseAddress);
        var a = h.StartAgent(Replica(h, token, "east-a", releaseOnStop: true), h.Member1, hubOfA.Create);
        var b = h.StartAgent(Replica(h, token, "east-b", releaseOnStop: true), h.Member1, hubOfB.Create);
        await a.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        await b.Joined.WaitAsync(TimeSpan.FromSeconds(20));

        await h.HubAdmin.Resource<ManagedCluster>().DeleteAsync(null, "member-1");

        await Task.WhenAll(a.Left, b.Left).WaitAsync(TimeSpan.FromSeconds(20));
        a.Membership.Should().BeNull();
        b.Membership.Should().BeNull();
        (await h.Member1.Resource<Secret>().GetAsync("tdcc-system", "tdcc-hub-credentials")).Should().BeNull("the elected replica removed the stored credentials");
        (await h.Member1.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterSetName)).Should().BeNull();
    }

    private static ClusterAgentOptions Replica(ClustersHarness h, string token, string identity, bool releaseOnStop) => h.AgentOptions("member-1", token) with
    {
        LeaderElection = new LeaderElectionOptions
        {
            LeaseName = "tdcc-agent-registration",
            LeaseNamespace = "tdcc-system",
            Identity = identity,
            LeaseDuration = LeaseDuration,
            RenewDeadline = TimeSpan.FromSeconds(1.5),
            RetryPeriod = TimeSpan.FromMilliseconds(200),
            ReleaseOnCancel = releaseOnStop,
        },
    };
}
