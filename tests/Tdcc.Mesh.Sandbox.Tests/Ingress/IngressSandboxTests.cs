using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Networking;
using Tdcc.Mesh.Sandbox.Tests.Clusters;
using Tdcc.Mesh.Sandbox.Tests.Networking;
using Tdcc.Mesh.Testing;
using Xunit.Abstractions;
using GatewayObject = Tdcc.Mesh.GatewayApi.Api.Gateway;

namespace Tdcc.Mesh.Sandbox.Tests.Ingress;

/// <summary>
/// Issue 16's "done when": in a sandbox with the mesh (isolated layout: only the gateways connect the members), east's
/// <c>tdcc gateway</c> runs in ingress mode; a GatewayClass of <c>tdcc.io/gateway-controller</c>, a Gateway and an
/// HTTPRoute in east split traffic between east's own Service <c>demo/echo</c> and the ServiceImport
/// <c>demo/echo-west</c> (a service only west exports). Real HTTP requests from the host to east's ingress listener are
/// answered by both clusters' pods in proportion, and the statuses read back from east's API server say Accepted,
/// Programmed and ResolvedRefs.
/// </summary>
[Collection(SandboxGroup.Name)]
[Trait("Category", "Slow")]
public sealed class IngressSandboxTests(IngressSandboxFixture fixture, ITestOutputHelper output) : IClassFixture<IngressSandboxFixture>
{
    private const int ListenerPort = 18080;
    private const string ControllerName = "tdcc.io/gateway-controller";

    [NamespacesFact]
    public async Task HttpRoute_OnEastsIngress_SplitsBetweenLocalServiceAndServiceImport_WithStatuses()
    {
        var set = await fixture.StartAsync();
        var (east, west) = (set.Clusters[1], set.Clusters[2]);

        // A service only west exports: east imports it as the ServiceImport demo/echo-west (reached through the tunnel).
        await CreateWestOnlyServiceAsync(west);
        await Eventually.ValueAsync(
            async () => await east.Client.Resource<ServiceImport>().GetAsync("demo", "echo-west") is { Spec.Ips: { Length: > 0 } } import ? import : null,
            "east imports demo/echo-west from west",
            TimeSpan.FromSeconds(90));

        // east's gateway in ingress mode (the chart's gateway.ingress.enabled; the sandbox's own gateway Deployment here).
        await EnableIngressAsync(east);

        try
        {
            // The gateway's controller installs the Gateway API CRDs (--ingress-install-crds) before it reports ready.
            await Eventually.TrueAsync(
                async () =>
                {
                    try
                    {
                        await east.Client.Resource<GatewayClass>().CreateAsync(new GatewayClass
                        {
                            Metadata = new ObjectMeta { Name = "tdcc" },
                            Spec = new GatewayClassSpec { ControllerName = ControllerName },
                        });
                        return true;
                    }
                    catch (Kube.Client.KubeApiException e) when (e.Reason == Kube.Client.KubeErrorReason.NotFound)
                    {
                        return false;
                    }
                },
                "the GatewayClass kind served by east (CRDs installed by its gateway)",
                TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new InvalidOperationException("east's gateway:\n" + await GatewayLogsAsync(set), e);
        }
        await east.Client.Resource<GatewayObject>().CreateAsync(new GatewayObject
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "demo" },
            Spec = new GatewaySpec { GatewayClassName = "tdcc", Listeners = [new Listener { Name = "http", Port = ListenerPort, Protocol = "HTTP" }] },
        });
        await east.Client.Resource<HttpRoute>().CreateAsync(new HttpRoute
        {
            Metadata = new ObjectMeta { Name = "split", Namespace = "demo" },
            Spec = new HttpRouteSpec
            {
                ParentRefs = [new ParentReference { Name = "web" }],
                Hostnames = ["echo.example.com"],
                Rules =
                [
                    new HttpRouteRule
                    {
                        BackendRefs =
                        [
                            new BackendRef { Name = "echo", Port = 8080, Weight = 1 },
                            new BackendRef { Group = "multicluster.x-k8s.io", Kind = "ServiceImport", Name = "echo-west", Port = 8080, Weight = 1 },
                        ],
                    },
                ],
            },
        });

        // Statuses, read back from east's API server.
        var gateway = await Eventually.ValueAsync(
            async () => await east.Client.Resource<GatewayObject>().GetAsync("demo", "web") is { } g && IsTrue(g.Status?.Conditions, "Accepted") && IsTrue(g.Status?.Conditions, "Programmed") ? g : null,
            "Gateway demo/web Accepted and Programmed",
            TimeSpan.FromSeconds(90));
        gateway.Status!.Listeners!.Value.Single().AttachedRoutes.Should().Be(1);
        var route = await Eventually.ValueAsync(
            async () => await east.Client.Resource<HttpRoute>().GetAsync("demo", "split") is { } r
                && r.Status?.Parents.SingleOrDefault(p => p.ControllerName == ControllerName) is { } parent
                && IsTrue(parent.Conditions, "Accepted") && IsTrue(parent.Conditions, "ResolvedRefs") ? r : null,
            "HTTPRoute demo/split Accepted with ResolvedRefs by east's ingress",
            TimeSpan.FromSeconds(60));
        route.Status!.Parents.Single(p => p.ControllerName == ControllerName).ParentRef.Name.Should().Be("web");

        // Real HTTP requests from the host to east's ingress listener on east's underlay address.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var target = new Uri($"http://{east.Addresses.UnderlayAddress}:{ListenerPort}/split");
        await Eventually.TrueAsync(
            async () => (await TryGetAsync(http, target, "echo.example.com")).Cluster is not null,
            "east's ingress listener answers",
            TimeSpan.FromSeconds(60));

        const int Requests = 200;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Requests; i++)
        {
            var (status, cluster) = await TryGetAsync(http, target, "echo.example.com");
            status.Should().Be(HttpStatusCode.OK);
            counts[cluster!] = counts.GetValueOrDefault(cluster!) + 1;
        }

        output.WriteLine($"{Requests} requests to east's ingress: east {counts.GetValueOrDefault("east")}, west {counts.GetValueOrDefault("west")}");

        // 1:1 of 200 (sd ≈ 7): each within 100 ± 35.
        counts.Keys.Should().BeEquivalentTo(["east", "west"], "the local Service is answered by east's pods, the ServiceImport by west's through the tunnel");
        counts["east"].Should().BeInRange(65, 135);
        counts["west"].Should().BeInRange(65, 135);

        // A Host no route accepts: 404 from the gateway itself.
        (await TryGetAsync(http, target, "other.example.com")).Status.Should().Be(HttpStatusCode.NotFound);
    }

    private static async Task<string> GatewayLogsAsync(IClusterSet set)
    {
        var result = await PeerTools.RunAsync(
            PeerTools.FindExecutable("kubectl") ?? "kubectl",
            ["--kubeconfig", set.KubeconfigPath, "--context", "east", "-n", "tdcc-system", "logs", "deploy/" + Sandbox.Mesh.MemberGateway.Name, "--tail", "80"],
            timeout: TimeSpan.FromSeconds(20));
        return result.StandardOutput + result.StandardError;
    }

    private static bool IsTrue(ImmutableArray<Condition>? conditions, string type) =>
        conditions is { } list && list.Any(c => c.Type == type && c.Status == "True");

    private static async Task<(HttpStatusCode Status, string? Cluster)> TryGetAsync(HttpClient http, Uri target, string host)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, target);
            request.Headers.Host = host;
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                return (response.StatusCode, null);
            }

            using var document = JsonDocument.Parse(body);
            return (response.StatusCode, document.RootElement.GetProperty("cluster").GetString());
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (0, null);
        }
    }

    private static async Task CreateWestOnlyServiceAsync(ISimulatedCluster west)
    {
        var labels = ImmutableDictionary<string, string>.Empty.Add("app", "echo");
        await west.Client.Resource<Service>().CreateAsync(new Service
        {
            Metadata = new ObjectMeta { Name = "echo-west", Namespace = "demo" },
            Spec = new ServiceSpec
            {
                Selector = labels,
                Ports = [new ServicePort { Name = "http", Port = 8080, TargetPort = IntOrString.FromString("http"), AppProtocol = "http" }],
            },
        });
        await west.Client.Resource<ServiceExport>().CreateAsync(new ServiceExport { Metadata = new ObjectMeta { Name = "echo-west", Namespace = "demo" } });
    }

    /// <summary>Restarts east's gateway Deployment with <c>--ingress</c> (binding every address, as its other ports) and waits until it is ready again.</summary>
    private static async Task EnableIngressAsync(ISimulatedCluster east)
    {
        // Its ServiceAccount may then read the Gateway API objects and write their statuses (the chart's gateway.ingress RBAC).
        await Sandbox.Mesh.MemberGateway.GrantIngressAsync(east.Client, CancellationToken.None);
        var deployments = east.Client.Resource<Deployment>();
        var deployment = (await deployments.GetAsync("tdcc-system", Sandbox.Mesh.MemberGateway.Name))!;
        var container = deployment.Spec!.Template!.Spec!.Containers![0];
        var ingressed = container with { Args = [.. container.Args ?? [], "--ingress", "true", "--ingress-install-crds", "true"] };
        await deployments.UpdateAsync(deployment with
        {
            Spec = deployment.Spec with { Template = deployment.Spec.Template with { Spec = deployment.Spec.Template.Spec with { Containers = [ingressed] } } },
        });
        await Eventually.TrueAsync(
            async () =>
            {
                var pods = await east.Client.Resource<Pod>().ListAsync(new Kube.Client.ListOptions { LabelSelector = "app.kubernetes.io/name=" + Sandbox.Mesh.MemberGateway.Name });
                return pods.Items.Length == 1
                    && pods.Items[0].Spec!.Containers![0].Args!.Value.Contains("--ingress")
                    && pods.Items[0].Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;
            },
            "east's gateway restarted in ingress mode and ready (its Gateway API controller synced)",
            TimeSpan.FromSeconds(120));
    }
}

/// <summary>Isolated namespaces in slot 9 (offset 144), hub + east + west with the demo: the ingress tests.</summary>
public sealed class IngressSandboxFixture() : NamespacedSandboxFixture(NetworkMode.Isolated, 144);
