using System.Collections.Immutable;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Clusters.Tests;

[Trait("Category", "Slow")]
public sealed class PushModeTests
{
    internal static string Kubeconfig(Uri server, string? token = null) => $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: c
          cluster:
            server: {server.GetLeftPart(UriPartial.Authority)}
        users:
        - name: u
          user:
            token: {token ?? "unused"}
        contexts:
        - name: c
          context:
            cluster: c
            user: u
        current-context: c
        """;

    [Fact]
    public async Task Push_HubHeldKubeconfig_ClusterReadyWithoutMemberAgent()
    {
        await using var h = await ClustersHarness.StartAsync();
        await ClustersHarness.CreateNodeAsync(h.Member2, "node-a", "2", "4Gi");
        await h.HubAdmin.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "tdcc-push" } });
        await h.HubAdmin.Resource<Secret>().CreateAsync(new Secret
        {
            Metadata = new ObjectMeta { Name = "member-2-kubeconfig", Namespace = "tdcc-push" },
            Data = ImmutableDictionary<string, string>.Empty.Add("kubeconfig", KubeWrites.Encode(Kubeconfig(h.Member2Server.BaseAddress))),
        });

        await h.HubAdmin.Resource<ManagedCluster>().CreateAsync(new ManagedCluster
        {
            Metadata = new ObjectMeta { Name = "member-2" },
            Spec = new ManagedClusterSpec { SyncMode = SyncModes.Push, KubeconfigSecretRef = new SecretReference { Namespace = "tdcc-push", Name = "member-2-kubeconfig" } },
        });

        var kubeSystem = await h.Member2.Resource<Namespace>().GetAsync(null, "kube-system");
        var cluster = await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-2"),
            c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready) && c.Status?.NodeCount == 1 && c.Spec?.ClusterId is { Length: > 0 });
        cluster.Spec!.ClusterId.Should().Be(kubeSystem!.Metadata.Uid);
        cluster.Status!.KubernetesVersion.Should().Be("v1.32.0");
        cluster.Status.Capacity.Should().Contain("memory", "4Gi");
        cluster.Metadata.Finalizers.Should().Contain(ClustersApi.CleanupFinalizer);
        (await h.Member2.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterSetName))!.Spec!.Value.Should().Be("test-set");

        var membership = h.Hub.PushMemberships["member-2"];
        membership.SyncMode.Should().Be(SyncModes.Push);
        membership.HubNamespace.Should().Be("tdcc-cluster-member-2");
        (await membership.Hub.Resource<ConfigMap>().CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "x", Namespace = membership.HubNamespace } })).Should().NotBeNull();

        await h.HubAdmin.Resource<ManagedCluster>().DeleteAsync(null, "member-2");
        await Eventually.TrueAsync(async () => await h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-2") is null);
        (await h.Member2.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterSetName)).Should().BeNull();
        h.Hub.PushMemberships.Should().NotContainKey("member-2");
    }
}
