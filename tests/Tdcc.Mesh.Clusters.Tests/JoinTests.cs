using System.Text;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Clusters.Tests;

[Trait("Category", "Slow")]
public sealed class JoinTests
{
    [Fact]
    public async Task Join_ValidToken_ApprovedWithNamespaceAndReadyCluster()
    {
        await using var h = await ClustersHarness.StartAsync();
        await ClustersHarness.CreateNodeAsync(h.Member1, "node-a", "4", "8Gi");
        await ClustersHarness.CreateNodeAsync(h.Member1, "node-b", "4", "8Gi");
        var token = await h.BootstrapTokenAsync();

        var agent = h.StartAgent(h.AgentOptions("member-1", token), h.Member1);
        var membership = await agent.Joined.WaitAsync(TimeSpan.FromSeconds(20));

        var kubeSystem = await h.Member1.Resource<Namespace>().GetAsync(null, "kube-system");
        membership.ClusterName.Should().Be("member-1");
        membership.ClusterId.Should().Be(kubeSystem!.Metadata.Uid);
        membership.ClusterSetName.Should().Be("test-set");
        membership.HubNamespace.Should().Be("tdcc-cluster-member-1");
        membership.SyncMode.Should().Be(SyncModes.Pull);

        var request = await h.HubAdmin.Resource<ClusterRegistrationRequest>().GetAsync(null, "member-1");
        request!.Status!.Phase.Should().Be(RegistrationPhase.Approved);
        request.Status.CredentialsSecretRef!.Name.Should().Be(ClustersApi.AgentTokenSecret);
        request.Spec!.RequestedBy.Should().Be("system:bootstrap:" + token[..6]);
        (await h.HubAdmin.Resource<Namespace>().GetAsync(null, "tdcc-cluster-member-1")).Should().NotBeNull();

        var cluster = await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1"),
            c => ConditionSet.IsTrue(c.Status?.Conditions, ClusterConditions.Ready) && c.Status?.NodeCount == 2);
        ConditionSet.IsTrue(cluster.Status!.Conditions, ClusterConditions.Joined).Should().BeTrue();
        ConditionSet.IsFalse(cluster.Status.Conditions, ClusterConditions.Offline).Should().BeTrue();
        cluster.Spec!.ClusterId.Should().Be(membership.ClusterId);
        cluster.Spec.SyncMode.Should().Be(SyncModes.Pull);
        cluster.Metadata.Labels.Should().Contain("region", "eu");
        cluster.Metadata.Finalizers.Should().Contain(ClustersApi.CleanupFinalizer);
        cluster.Status.KubernetesVersion.Should().Be("v1.31.4");
        cluster.Status.Capacity.Should().Contain("cpu", "8").And.Contain("memory", "16Gi").And.Contain("pods", "220");
        cluster.Status.Allocatable.Should().Contain("cpu", "6");
        cluster.Status.LastSeen.Should().NotBeNull();
        cluster.Status.Namespace.Should().Be("tdcc-cluster-member-1");

        var lease = await h.HubAdmin.Resource<Lease>().GetAsync("tdcc-cluster-member-1", "member-1");
        lease!.Spec!.RenewTime.Should().NotBeNull();

        var properties = h.Member1.Resource<ClusterProperty>();
        (await properties.GetAsync(null, ClusterProperty.ClusterIdName))!.Spec!.Value.Should().Be(membership.ClusterId);
        (await properties.GetAsync(null, ClusterProperty.ClusterSetName))!.Spec!.Value.Should().Be("test-set");
    }

    [Fact]
    public async Task Join_UnknownToken_FailsUnauthorizedAndCreatesNoCluster()
    {
        await using var h = await ClustersHarness.StartAsync();
        var agent = h.StartAgent(h.AgentOptions("member-1", "abcdef.0123456789abcdef"), h.Member1);

        var failure = await FluentActions.Awaiting(() => agent.Joined.WaitAsync(TimeSpan.FromSeconds(20))).Should().ThrowAsync<ClusterJoinException>();
        failure.Which.Failure.Should().Be(JoinFailure.Unauthorized);
        (await h.HubAdmin.Resource<ManagedCluster>().ListAsync()).Items.Should().BeEmpty();
        (await h.HubAdmin.Resource<ClusterRegistrationRequest>().ListAsync()).Items.Should().BeEmpty();
        (await h.Member1.Resource<ClusterProperty>().GetAsync(null, ClusterProperty.ClusterSetName)).Should().BeNull();
    }

    [Fact]
    public async Task Join_ExpiredToken_FailsUnauthorized()
    {
        await using var h = await ClustersHarness.StartAsync();
        var token = await h.BootstrapTokenAsync(TimeSpan.FromMinutes(-1));
        var agent = h.StartAgent(h.AgentOptions("member-1", token), h.Member1);

        var failure = await FluentActions.Awaiting(() => agent.Joined.WaitAsync(TimeSpan.FromSeconds(20))).Should().ThrowAsync<ClusterJoinException>();
        failure.Which.Failure.Should().Be(JoinFailure.Unauthorized);
        (await h.HubAdmin.Resource<ManagedCluster>().ListAsync()).Items.Should().BeEmpty();
    }

    [Fact]
    public async Task AgentCredentials_OtherClustersNamespace_Forbidden()
    {
        await using var h = await ClustersHarness.StartAsync();
        var token = await h.BootstrapTokenAsync();
        var one = await h.StartAgent(h.AgentOptions("member-1", token), h.Member1).Joined.WaitAsync(TimeSpan.FromSeconds(20));
        var two = await h.StartAgent(h.AgentOptions("member-2", token), h.Member2).Joined.WaitAsync(TimeSpan.FromSeconds(20));

        var configMap = new ConfigMap { Metadata = new ObjectMeta { Name = "exports", Namespace = one.HubNamespace } };
        (await one.Hub.Resource<ConfigMap>().CreateAsync(configMap)).Metadata.Namespace.Should().Be("tdcc-cluster-member-1");

        var intrusion = await FluentActions.Awaiting(() => one.Hub.Resource<ConfigMap>().CreateAsync(configMap with { Metadata = configMap.Metadata with { Namespace = two.HubNamespace } }))
            .Should().ThrowAsync<KubeApiException>();
        intrusion.Which.Reason.Should().Be(KubeErrorReason.Forbidden);
        intrusion.Which.Message.Should().Contain("User \"system:serviceaccount:tdcc-cluster-member-1:tdcc-agent\" cannot create resource \"configmaps\" in API group \"\" in the namespace \"tdcc-cluster-member-2\"");

        var otherCluster = await FluentActions.Awaiting(() => one.Hub.Resource<ManagedCluster>().GetAsync(null, "member-2")).Should().ThrowAsync<KubeApiException>();
        otherCluster.Which.Reason.Should().Be(KubeErrorReason.Forbidden);
        var secrets = await FluentActions.Awaiting(() => one.Hub.Resource<Secret>().ListAsync(new ListOptions { Namespace = "kube-system" })).Should().ThrowAsync<KubeApiException>();
        secrets.Which.Reason.Should().Be(KubeErrorReason.Forbidden);
        (await one.Hub.Resource<Namespace>().ListAsync()).Items.Should().NotBeEmpty();
    }

    [Fact]
    public async Task AgentCredentials_GatewayCertificateRequestAndTrustBundle_AllowedAndNothingMore()
    {
        // The member's gateway runs with its agent's hub credentials: it files its certificate signing request and reads
        // the set's trust bundle, but no other ConfigMap of the CA's namespace.
        await using var h = await ClustersHarness.StartAsync();
        var one = await h.StartAgent(h.AgentOptions("member-1", await h.BootstrapTokenAsync()), h.Member1).Joined.WaitAsync(TimeSpan.FromSeconds(20));
        await h.HubAdmin.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "tdcc-mesh-system" } });
        await h.HubAdmin.Resource<ConfigMap>().CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = ClustersApi.TrustBundleConfigMap, Namespace = "tdcc-mesh-system" } });
        await h.HubAdmin.Resource<ConfigMap>().CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "other", Namespace = "tdcc-mesh-system" } });

        using var key = System.Security.Cryptography.ECDsa.Create();
        var pem = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=member-1", key, System.Security.Cryptography.HashAlgorithmName.SHA256).CreateSigningRequestPem();
        var request = await one.Hub.Resource<CertificateSigningRequest>().CreateAsync(new CertificateSigningRequest
        {
            Metadata = new ObjectMeta { Name = "gateway-member-1" },
            Spec = new CertificateSigningRequestSpec { Request = Encoding.UTF8.GetBytes(pem), SignerName = "tdcc.io/gateway", Usages = ["digital signature", "server auth", "client auth"] },
        });
        (await one.Hub.Resource<CertificateSigningRequest>().GetAsync(null, request.Metadata.Name!)).Should().NotBeNull();
        (await one.Hub.Resource<ConfigMap>().GetAsync("tdcc-mesh-system", ClustersApi.TrustBundleConfigMap)).Should().NotBeNull();
        var other = await FluentActions.Awaiting(() => one.Hub.Resource<ConfigMap>().GetAsync("tdcc-mesh-system", "other")).Should().ThrowAsync<KubeApiException>();
        other.Which.Reason.Should().Be(KubeErrorReason.Forbidden);
    }

    [Fact]
    public async Task Join_ManualApproval_WaitsForAdministrator()
    {
        await using var h = await ClustersHarness.StartAsync(ApprovalMode.Manual);
        var token = await h.BootstrapTokenAsync();
        var agent = h.StartAgent(h.AgentOptions("member-1", token), h.Member1);

        await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ClusterRegistrationRequest>().GetAsync(null, "member-1"),
            r => r.Status?.Phase == RegistrationPhase.Pending);
        agent.Joined.IsCompleted.Should().BeFalse();
        (await h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1")).Should().BeNull();

        await h.HubAdmin.Resource<ClusterRegistrationRequest>().PatchStatusAsync(null, "member-1", new Patch(PatchType.Merge, """{"status":{"phase":"Approved"}}"""));
        var membership = await agent.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        membership.HubNamespace.Should().Be("tdcc-cluster-member-1");
        var request = await h.HubAdmin.Resource<ClusterRegistrationRequest>().GetAsync(null, "member-1");
        request!.Status!.Reason.Should().Be("ApprovedByAdministrator");
    }

    [Fact]
    public async Task Join_ManualDenial_FailsDenied()
    {
        await using var h = await ClustersHarness.StartAsync(ApprovalMode.Manual);
        var agent = h.StartAgent(h.AgentOptions("member-1", await h.BootstrapTokenAsync()), h.Member1);
        await Eventually.GetAsync(
            () => h.HubAdmin.Resource<ClusterRegistrationRequest>().GetAsync(null, "member-1"),
            r => r.Status?.Phase == RegistrationPhase.Pending);

        await h.HubAdmin.Resource<ClusterRegistrationRequest>().PatchStatusAsync(null, "member-1", new Patch(PatchType.Merge, """{"status":{"phase":"Denied","reason":"NotWelcome"}}"""));

        var failure = await FluentActions.Awaiting(() => agent.Joined.WaitAsync(TimeSpan.FromSeconds(20))).Should().ThrowAsync<ClusterJoinException>();
        failure.Which.Failure.Should().Be(JoinFailure.Denied);
        (await h.HubAdmin.Resource<ManagedCluster>().GetAsync(null, "member-1")).Should().BeNull();
    }

    [Fact]
    public async Task Restart_StoredCredentials_ReusedWithoutBootstrapToken()
    {
        await using var h = await ClustersHarness.StartAsync();
        var first = h.StartAgent(h.AgentOptions("member-1", await h.BootstrapTokenAsync()), h.Member1);
        var joined = await first.Joined.WaitAsync(TimeSpan.FromSeconds(20));
        var stored = await h.Member1.Resource<Secret>().GetAsync("tdcc-system", "tdcc-hub-credentials");
        stored.Should().NotBeNull();
        var requestVersion = (await h.HubAdmin.Resource<ClusterRegistrationRequest>().GetAsync(null, "member-1"))!.Metadata.ResourceVersion;
        await first.DisposeAsync();

        var second = h.StartAgent(h.AgentOptions("member-1", token: null), h.Member1);
        var rejoined = await second.Joined.WaitAsync(TimeSpan.FromSeconds(20));

        rejoined.ClusterId.Should().Be(joined.ClusterId);
        rejoined.HubNamespace.Should().Be(joined.HubNamespace);
        Encoding.UTF8.GetString(Convert.FromBase64String(stored!.Data!["token"])).Should().NotBeEmpty();
        (await h.HubAdmin.Resource<ClusterRegistrationRequest>().GetAsync(null, "member-1"))!.Metadata.ResourceVersion.Should().Be(requestVersion);
        var leases = h.HubAdmin.Resource<Lease>();
        var renewed = (await Eventually.GetAsync(() => leases.GetAsync(joined.HubNamespace, "member-1"), l => l.Spec?.RenewTime is not null)).Spec!.RenewTime;
        await Eventually.TrueAsync(async () => (await leases.GetAsync(joined.HubNamespace, "member-1"))?.Spec?.RenewTime > renewed);
    }
}
