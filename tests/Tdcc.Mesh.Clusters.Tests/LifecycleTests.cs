using System.Collections.Concurrent;
using System.Text.Json;
using Tdcc.Mesh.Clusters.Lifecycle;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Clusters.Tests;

[Trait("Category", "Slow")]
public sealed class LifecycleTests
{
    [Fact]
    public async Task Heartbeats_MoveLastSeenOnly_ConditionsStayAsTheyAre()
    {
        await using var h = await ClustersHarness.StartAsync();
        var agent = h.StartAgent(h.AgentOptions("member-1", await h.BootstrapTokenAsync()), h.Member1);
        await agent.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        var ready = await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready) && c.Status?.LastSeen is not null && c.Status.KubernetesVersion is not null);

        // Several heartbeats later (200 ms apart in the harness), lastSeen moved and nothing else did: watchers that
        // filter heartbeats (ManagedClusterChanges.BeyondHeartbeat) see no change.
        var later = await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => c.Status?.LastSeen > ready.Status!.LastSeen!.Value.AddMilliseconds(500));
        later.Status!.Conditions!.Value.Should().Equal(ready.Status!.Conditions!.Value);
        ManagedClusterChanges.BeyondHeartbeat(ready, later).Should().BeFalse(
            "only lastSeen moved: {0} became {1}", JsonSerializer.Serialize(ready, ManagedCluster.JsonTypeInfo), JsonSerializer.Serialize(later, ManagedCluster.JsonTypeInfo));
        await agent.DisposeAsync();
    }

    [Fact]
    public async Task Heartbeat_Stopped_OfflineAfterTimeoutThenWithdrawAfterGrace()
    {
        await using var h = await ClustersHarness.StartAsync(heartbeatTimeout: TimeSpan.FromSeconds(1), grace: TimeSpan.FromSeconds(1.5));
        var seen = new ConcurrentQueue<ClusterLifecycleEvent>();
        using var subscription = h.Hub.Subscribe((e, _) =>
        {
            seen.Enqueue(e);
            return Task.CompletedTask;
        });
        var agent = h.StartAgent(h.AgentOptions("member-1", await h.BootstrapTokenAsync()), h.Member1);
        await agent.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready));

        await agent.DisposeAsync();

        var offline = await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => ConditionSet.IsFalse(c.Status?.Conditions, ClusterConditions.Ready));
        var ready = ConditionSet.Find(offline.Status!.Conditions, ClusterConditions.Ready)!;
        ready.Reason.Should().Be(ClusterConditions.HeartbeatTimeout);
        ready.Message.Should().Contain("last heartbeat");
        ConditionSet.IsTrue(offline.Status.Conditions, ClusterConditions.Offline).Should().BeTrue();
        await Eventually.TrueAsync(() => Task.FromResult(seen.Any(e => e.Type == ClusterLifecycleEventType.Offline)));

        var withdrawn = await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Withdrawn));
        ConditionSet.Find(withdrawn.Status!.Conditions, ClusterConditions.Withdrawn)!.Reason.Should().Be(ClusterConditions.GracePeriodExpired);
        await Eventually.TrueAsync(() => Task.FromResult(seen.Any(e => e.Type == ClusterLifecycleEventType.Withdraw)));
        seen.Select(e => e.Type).Should().ContainInOrder(ClusterLifecycleEventType.Joined, ClusterLifecycleEventType.Ready, ClusterLifecycleEventType.Offline, ClusterLifecycleEventType.Withdraw);
        seen.Single(e => e.Type == ClusterLifecycleEventType.Withdraw).HubNamespace.Should().Be("tdcc-cluster-member-1");

        var events = await h.HubAdmin.Resource<Event>().ListAsync(new ListOptions { Namespace = "default" });
        events.Items.Select(e => e.Reason).Should().Contain(["ClusterOffline", "ClusterWithdrawn"]);

        // The agent comes back: Ready again, Withdrawn cleared.
        h.StartAgent(h.AgentOptions("member-1", token: null), h.Member1);
        var back = await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready));
        ConditionSet.Find(back.Status!.Conditions, ClusterConditions.Withdrawn).Should().BeNull();
    }

    [Fact]
    public async Task Leave_ByAgent_RemovesHubAndMemberState()
    {
        await using var h = await ClustersHarness.StartAsync();
        var left = new TaskCompletionSource<ClusterLifecycleEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = h.Hub.Subscribe((e, _) =>
        {
            if (e.Type == ClusterLifecycleEventType.Left)
            {
                left.TrySetResult(e);
            }

            return Task.CompletedTask;
        });
        var agent = h.StartAgent(h.AgentOptions("member-1", await h.BootstrapTokenAsync()), h.Member1);
        var membership = await agent.Joined.WaitAsync(TimeSpan.FromSeconds(20));

        await agent.LeaveAsync().WaitAsync(TimeSpan.FromSeconds(20));

        (await left.Task.WaitAsync(TimeSpan.FromSeconds(20))).ClusterName.Should().Be("member-1");
        agent.Membership.Should().BeNull();
        await Eventually.TrueAsync(async () => await h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1") is null);
        (await h.HubAdmin.Resource<Namespace>().GetAsync(null, membership.HubNamespace)).Should().BeNull();
        (await h.HubAdmin.Resource<ClusterRegistrationRequest>().GetAsync(null, "member-1")).Should().BeNull();
        (await h.HubAdmin.Resource(new ResourceType("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false)).GetAsync(null, ClustersApi.ClusterRoleName("member-1"))).Should().BeNull();
        (await h.Member1.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterSetName)).Should().BeNull();
        (await h.Member1.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterIdName)).Should().NotBeNull();
        (await h.Member1.Resource<Secret>().GetAsync("tdcc-system", "tdcc-hub-credentials")).Should().BeNull();
        var revoked = await FluentActions.Awaiting(() => membership.Hub.Resource<ConfigMap>().ListAsync(new ListOptions { Namespace = membership.HubNamespace })).Should().ThrowAsync<KubeApiException>();
        revoked.Which.Reason.Should().Be(KubeErrorReason.Unauthorized);
    }

    [Fact]
    public async Task Leave_AdministratorDeletesCluster_AgentRemovesLocalState()
    {
        await using var h = await ClustersHarness.StartAsync();
        var agent = h.StartAgent(h.AgentOptions("member-2", await h.BootstrapTokenAsync()), h.Member2);
        await agent.Joined.WaitAsync(TimeSpan.FromSeconds(20));

        await h.HubAdmin.Resource<ManagedCluster>().DeleteAsync(null, "member-2");

        await agent.Left.WaitAsync(TimeSpan.FromSeconds(20));
        (await h.Member2.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterSetName)).Should().BeNull();
        await Eventually.TrueAsync(async () => await h.HubAdmin.Resource<Namespace>().GetAsync(null, "tdcc-cluster-member-2") is null);
    }
}
