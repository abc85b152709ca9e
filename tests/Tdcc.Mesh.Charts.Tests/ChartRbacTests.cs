using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.ApiServer.Auth;
using Tdcc.Mesh.Clusters.Agent;
using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.LeaderElection;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Hosting;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>
/// The chart's RBAC is enough for the real code: a hub and a member API server with RBAC on, the chart's
/// ServiceAccount, Roles and bindings created from <c>helm template</c>, and the registration hub and agent run with
/// those ServiceAccounts' tokens (nothing else): the member joins, heartbeats and stores its credentials, and an export
/// goes through the MCS hub and comes back as an import (with the agent's hub credentials, as the hub provisions them).
/// (The sandbox's authorizer does not implement kube's escalation check, so the hub's escalate and bind rules are
/// exercised only on real clusters: e2e/.)
/// </summary>
[Trait("Peer", "helm")]
[Trait("Category", "Slow")]
public sealed class ChartRbacTests
{
    private const string AdminToken = "chart-rbac-admin";

    [PeerFact(Helm.Peer)]
    public async Task Registration_HubAndAgentWithTheChartsServiceAccounts_MemberJoins()
    {
        await using var hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub", Auth = new AuthOptions { AdminToken = AdminToken } });
        await using var memberServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "east", Auth = new AuthOptions { AdminToken = AdminToken } });
        using var hubAdmin = Client(hubServer, AdminToken);
        using var memberAdmin = Client(memberServer, AdminToken);
        var hubToken = await InstallRbacAsync(hubAdmin, await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub), "tdcc-hub");
        var agentToken = await InstallRbacAsync(memberAdmin, await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent), "tdcc-agent");
        using var hubAsHub = Client(hubServer, hubToken);
        using var memberAsAgent = Client(memberServer, agentToken);
        await memberAdmin.Resource<Node>().CreateAsync(new Node { Metadata = new ObjectMeta { Name = "node-a" } });
        var forbidden = () => memberAsAgent.Resource<Secret>().ListAsync(new ListOptions { Namespace = "kube-system" });
        (await forbidden.Should().ThrowAsync<Tdcc.Mesh.Kube.Client.KubeApiException>()).Which.StatusCode.Should().Be(403, "the agent reads Secrets only in its namespace");

        await using var hub = await ClusterHub.StartAsync(new ClusterHubOptions { HubServer = hubServer.BaseAddress }, hubAsHub);
        var bootstrap = await BootstrapTokens.CreateAsync(hubAdmin, TimeSpan.FromHours(1), TimeProvider.System);

        // Elected, as the chart's agent runs: its registration Lease is in the release namespace.
        await using var agent = ClusterAgent.Start(
            new ClusterAgentOptions
            {
                ClusterName = "east",
                HubServer = hubServer.BaseAddress,
                BootstrapToken = bootstrap,
                HeartbeatInterval = TimeSpan.FromMilliseconds(200),
                PollInterval = TimeSpan.FromMilliseconds(100),
                CredentialsNamespace = ChartValues.Namespace,
                LeaderElection = new LeaderElectionOptions
                {
                    LeaseName = "tdcc-agent-registration",
                    LeaseNamespace = ChartValues.Namespace,
                    Identity = "east-agent-0",
                    LeaseDuration = TimeSpan.FromSeconds(2),
                    RenewDeadline = TimeSpan.FromSeconds(1.5),
                    RetryPeriod = TimeSpan.FromMilliseconds(200),
                },
            },
            memberAsAgent);

        var membership = await agent.Joined.WaitAsync(TimeSpan.FromSeconds(30));

        membership.HubNamespace.Should().Be("tdcc-cluster-east");
        (await memberAdmin.Resource<Secret>().GetAsync(ChartValues.Namespace, "tdcc-hub-credentials")).Should().NotBeNull();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        ManagedCluster? cluster = null;
        while (DateTime.UtcNow < deadline && cluster?.Status?.NodeCount != 1)
        {
            cluster = await hubAdmin.Resource<ManagedCluster>().GetAsync(null, "east");
            await Task.Delay(100);
        }

        cluster!.Status!.NodeCount.Should().Be(1, "the agent listed the member's nodes and reported them");
        cluster.Status.Conditions!.Value.Should().Contain(c => c.Type == ClusterConditions.Ready && c.Status == "True");
        (await hubAdmin.Resource<Lease>().GetAsync("tdcc-cluster-east", "east"))!.Spec!.HolderIdentity.Should().Be("east-agent-0", "the elected replica heartbeats");
    }

    [PeerFact(Helm.Peer)]
    public async Task Mcs_HubAndAgentWithTheChartsServiceAccounts_ExportIsImported()
    {
        await using var hubServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "hub", Auth = new AuthOptions { AdminToken = AdminToken } });
        await using var memberServer = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "east", Auth = new AuthOptions { AdminToken = AdminToken } });
        using var hubAdmin = Client(hubServer, AdminToken);
        using var memberAdmin = Client(memberServer, AdminToken);
        using var hubAsHub = Client(hubServer, await InstallRbacAsync(hubAdmin, await Helm.TemplateAsync("tdcc-hub", ChartValues.Hub), "tdcc-hub"));
        using var memberAsAgent = Client(memberServer, await InstallRbacAsync(memberAdmin, await Helm.TemplateAsync("tdcc-agent", ChartValues.Agent), "tdcc-agent"));
        await using var hub = await ClusterHub.StartAsync(new ClusterHubOptions { HubServer = hubServer.BaseAddress }, hubAsHub);
        await using var agent = ClusterAgent.Start(
            new ClusterAgentOptions
            {
                ClusterName = "east",
                HubServer = hubServer.BaseAddress,
                BootstrapToken = await BootstrapTokens.CreateAsync(hubAdmin, TimeSpan.FromHours(1), TimeProvider.System),
                PollInterval = TimeSpan.FromMilliseconds(100),
                CredentialsNamespace = ChartValues.Namespace,
            },
            memberAsAgent);
        var membership = await agent.Joined.WaitAsync(TimeSpan.FromSeconds(30));
        await using var mcsHub = McsHub.Create(new McsHubOptions(), hubAsHub);
        await mcsHub.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await using var mcsAgent = McsAgent.Create(new McsAgentOptions { ClusterId = membership.ClusterId, HubNamespace = membership.HubNamespace }, memberAsAgent, membership.Hub);
        await mcsAgent.StartAsync().WaitAsync(TimeSpan.FromSeconds(20));

        await memberAdmin.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = "demo" } });
        await memberAdmin.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "echo" },
            Spec = new ServiceSpec { Type = "ClusterIP", Ports = [new ServicePort { Name = "http", Port = 80, Protocol = "TCP" }] },
        });
        await memberAdmin.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Namespace = "demo", Name = "echo" } });

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        ServiceImport? imported = null;
        while (DateTime.UtcNow < deadline && imported?.Spec?.Ips is not { Length: > 0 })
        {
            imported = await memberAdmin.Resource<ServiceImport>().GetAsync("demo", "echo");
            await Task.Delay(100);
        }

        imported.Should().NotBeNull("the export went through the hub and came back as an import, every step with the chart's RBAC");
        imported!.Spec!.Ips.Should().NotBeNullOrEmpty();
        (await hubAdmin.Resource<ServiceImport>().ListAsync()).Items.Should().ContainSingle(i => i.Metadata.Name!.Contains("echo", StringComparison.Ordinal));
    }

    private static KubeClient Client(KubeApiServer server, string token) =>
        new(KubeClientOptions.ForServer(server.BaseAddress) with { BearerToken = token });

    /// <summary>Creates the release namespace, the rendered ServiceAccount, RBAC and Secrets, and returns the ServiceAccount's token.</summary>
    private static async Task<string> InstallRbacAsync(KubeClient admin, RenderedChart rendered, string serviceAccount)
    {
        await admin.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = ChartValues.Namespace } });
        foreach (var obj in rendered.Objects)
        {
            if (TypeOf((string)obj["kind"]!) is { } type)
            {
                await admin.Resource(type).CreateAsync(new GenericObject((JsonObject)obj.DeepClone()));
            }
        }

        await admin.Resource<Secret>().CreateAsync(new Secret
        {
            Metadata = new ObjectMeta
            {
                Name = serviceAccount + "-token",
                Namespace = ChartValues.Namespace,
                Annotations = System.Collections.Immutable.ImmutableDictionary<string, string>.Empty.Add("kubernetes.io/service-account.name", serviceAccount),
            },
            Type = "kubernetes.io/service-account-token",
        });
        var secret = await admin.Resource<Secret>().GetAsync(ChartValues.Namespace, serviceAccount + "-token");
        return System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret!.Data!["token"]));
    }

    private static ResourceType? TypeOf(string kind) => kind switch
    {
        "ServiceAccount" => new ResourceType(string.Empty, "v1", kind, "serviceaccounts", Namespaced: true),
        "Secret" => new ResourceType(string.Empty, "v1", kind, "secrets", Namespaced: true),
        "ClusterRole" => new ResourceType("rbac.authorization.k8s.io", "v1", kind, "clusterroles", Namespaced: false),
        "ClusterRoleBinding" => new ResourceType("rbac.authorization.k8s.io", "v1", kind, "clusterrolebindings", Namespaced: false),
        "Role" => new ResourceType("rbac.authorization.k8s.io", "v1", kind, "roles", Namespaced: true),
        "RoleBinding" => new ResourceType("rbac.authorization.k8s.io", "v1", kind, "rolebindings", Namespaced: true),
        _ => null,
    };
}
