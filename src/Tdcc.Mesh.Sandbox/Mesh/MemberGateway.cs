using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// A member's east-west gateway as the sandbox runs it where members cannot reach each other's pods (the
/// <c>isolated</c> layout): the product's <c>tdcc gateway</c> as a Deployment in the member's <c>tdcc-system</c>, run
/// by the member's kubelet as a real process in the member's network. It binds every address of that network, so the
/// other members dial its tunnel port on the member's underlay address (what its agent reports on the ManagedCluster),
/// and the member's pods reach its outbound ports there too (the member's MCS agent runs in <c>Gateway</c> addressing).
/// </summary>
internal static class MemberGateway
{
    public const string Name = "tdcc-gateway";
    public const int TunnelPort = 15443;
    public const int HttpPort = 15021;

    /// <summary>The Secret the member's agent stores its hub credentials in (the agent's default), all the gateway reads in the member.</summary>
    private const string HubCredentialsSecret = "tdcc-hub-credentials";

    /// <summary>The ConfigMap in <c>tdcc-system</c> holding the hub API server's CA.</summary>
    public const string HubCaConfigMap = "tdcc-hub-ca";

    /// <summary>Ready once it holds a certificate and a configuration and its tunnel port listens (its <c>/readyz</c>).</summary>
    private static readonly System.Text.Json.JsonElement ReadinessProbe = System.Text.Json.JsonDocument.Parse(
        string.Create(CultureInfo.InvariantCulture, $$"""{"httpGet":{"path":"/readyz","port":{{HttpPort}}},"periodSeconds":1}""")).RootElement.Clone();

    /// <summary>The gateway's HTTP endpoint as the host reaches it: the member's underlay address (the gateway binds every address).</summary>
    public static Uri HttpEndpoint(System.Net.IPAddress underlay) => new(string.Create(CultureInfo.InvariantCulture, $"http://{underlay}:{HttpPort}"));

    /// <summary>Creates the gateway Deployment (kept when it exists).</summary>
    public static async Task DeployAsync(IKubeClient member, string cluster, Uri hubServer, string? hubCa, Uri xdsServer, CancellationToken cancellationToken) =>
        await DeployAsync(member, cluster, hubServer, hubCa, xdsServer, reverseTunnel: false, cancellationToken).ConfigureAwait(false);

    /// <summary>Creates the gateway Deployment (kept when it exists); <paramref name="reverseTunnel"/> for a member behind NAT.</summary>
    /// <remarks>
    /// It runs as its own ServiceAccount, allowed only to read the hub credentials the agent stored (as the chart's
    /// gateway); the hub's CA (<paramref name="hubCa"/>, null for a plain-HTTP hub) reaches it as <c>TDCC_HUB_CA</c> from
    /// the ConfigMap <c>tdcc-hub-ca</c>.
    /// </remarks>
    public static async Task DeployAsync(IKubeClient member, string cluster, Uri hubServer, string? hubCa, Uri xdsServer, bool reverseTunnel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentNullException.ThrowIfNull(hubServer);
        ArgumentNullException.ThrowIfNull(xdsServer);
        var ns = Hosting.Configuration.ProcessOptions.DefaultNamespace;
        await SandboxRbac.EnsureServiceAccountAsync(member, ns, Name, cancellationToken).ConfigureAwait(false);
        await SandboxRbac.GrantInNamespaceAsync(member, ns, Name, Name, [SandboxRbac.Rule([""], ["secrets"], ["get"], [HubCredentialsSecret])], cancellationToken).ConfigureAwait(false);
        var env = ImmutableArray<EnvVar>.Empty;
        if (hubCa is not null)
        {
            var data = ImmutableDictionary<string, string>.Empty.Add("ca.crt", hubCa);
            await member.Resource<ConfigMap>().CreateOrUpdateAsync(
                new ConfigMap { Metadata = new ObjectMeta { Name = HubCaConfigMap, Namespace = ns }, Data = data },
                existing => existing with { Data = data },
                cancellationToken).ConfigureAwait(false);
            env = [new EnvVar { Name = "TDCC_HUB_CA", ValueFrom = System.Text.Json.JsonDocument.Parse("{\"configMapKeyRef\":{\"name\":\"" + HubCaConfigMap + "\",\"key\":\"ca.crt\"}}").RootElement.Clone() }];
        }

        var labels = ImmutableDictionary<string, string>.Empty.Add("app.kubernetes.io/name", Name).Add("app.kubernetes.io/component", "gateway");
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = Name, Namespace = Hosting.Configuration.ProcessOptions.DefaultNamespace, Labels = labels },
            Spec = new DeploymentSpec
            {
                Replicas = 1,
                Selector = new LabelSelector { MatchLabels = labels },
                Template = new PodTemplateSpec
                {
                    Metadata = new ObjectMeta { Labels = labels },
                    Spec = new PodSpec
                    {
                        ServiceAccountName = Name,
                        Containers =
                        [
                            new Container
                            {
                                Name = "gateway",
                                Image = ProcessImage.TdccRepository + ":dev",
                                Args =
                                [
                                    "gateway",
                                    "--cluster-name", cluster,
                                    "--hub-server", hubServer.ToString(),
                                    "--xds-server", xdsServer.ToString(),
                                    "--tunnel-address", string.Create(CultureInfo.InvariantCulture, $"0.0.0.0:{TunnelPort}"),
                                    "--http-address", string.Create(CultureInfo.InvariantCulture, $"0.0.0.0:{HttpPort}"),
                                    "--reverse-tunnel", reverseTunnel ? "true" : "false",
                                ],
                                Ports =
                                [
                                    new Kube.Model.ContainerPort { Name = "tunnel", Port = TunnelPort },
                                    new Kube.Model.ContainerPort { Name = "http", Port = HttpPort },
                                ],
                                ReadinessProbe = ReadinessProbe,
                                Env = env.IsEmpty ? null : env,
                            },
                        ],
                    },
                },
            },
        };
        await member.Resource<Deployment>().CreateIfMissingAsync(deployment, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Lets the gateway run in ingress mode (<c>--ingress</c>, docs/ingress.md): what the chart's
    /// <c>gateway.ingress.enabled</c> grants (Gateway API objects read, their statuses written; Services, Namespaces,
    /// Secrets, EndpointSlices and ServiceImports read) and, for <c>--ingress-install-crds</c>, the CRDs written.
    /// </summary>
    public static Task GrantIngressAsync(IKubeClient member, CancellationToken cancellationToken) =>
        SandboxRbac.GrantClusterWideAsync(
            member,
            Hosting.Configuration.ProcessOptions.DefaultNamespace,
            Name + "-ingress",
            Name,
            [
                SandboxRbac.Rule(["gateway.networking.k8s.io"], ["gatewayclasses", "gateways", "httproutes", "grpcroutes", "referencegrants"], ["get", "list", "watch"]),
                SandboxRbac.Rule(["gateway.networking.k8s.io"], ["gatewayclasses/status", "gateways/status", "httproutes/status", "grpcroutes/status"], ["get", "update", "patch"]),
                SandboxRbac.Rule([""], ["services", "namespaces", "secrets"], ["get", "list", "watch"]),
                SandboxRbac.Rule(["discovery.k8s.io"], ["endpointslices"], ["get", "list", "watch"]),
                SandboxRbac.Rule(["multicluster.x-k8s.io"], ["serviceimports"], ["get", "list", "watch"]),
                SandboxRbac.Rule(["apiextensions.k8s.io"], ["customresourcedefinitions"], ["get", "list", "watch", "create", "update", "patch"]),
            ],
            cancellationToken);

    /// <summary>Waits until the gateway Deployment has its replica ready.</summary>
    public static async Task WaitReadyAsync(IKubeClient member, string cluster, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var deployment = await member.Resource<Deployment>().GetAsync(Hosting.Configuration.ProcessOptions.DefaultNamespace, Name, cancellationToken).ConfigureAwait(false);
            if (deployment?.Status?.ReadyReplicas >= 1)
            {
                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"the east-west gateway of {cluster} was not ready after {timeout.TotalSeconds:0} s (kubectl -n tdcc-system logs deploy/{Name} --context {cluster})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }
    }
}
