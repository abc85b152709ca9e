using System.Collections.Immutable;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Controllers;

/// <summary>Objects the controller tests create, and reads of what the controllers made of them.</summary>
internal static class TestWorkloads
{
    public static ImmutableDictionary<string, string> Labels(string app) => ImmutableDictionary<string, string>.Empty.Add("app", app);

    public static async Task CreateNamespaceAsync(IKubeClient client, string name)
    {
        try
        {
            await client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } });
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
        }
    }

    /// <summary>RBAC is on in the sandbox: lets the <c>default</c> ServiceAccount of <paramref name="ns"/> read pods there (what a pod reading itself needs).</summary>
    public static Task AllowPodReadsAsync(IKubeClient client, string ns) =>
        Sandbox.Mesh.SandboxRbac.GrantInNamespaceAsync(client, ns, "pod-reader", "default", [Sandbox.Mesh.SandboxRbac.Rule([""], ["pods"], ["get", "list"])], CancellationToken.None);

    public static PodSpec EchoSpec(string? cpu = null) => new()
    {
        Containers =
        [
            new Container
            {
                Name = "echo",
                Image = EchoImage.Name,
                Ports = [new Kube.Model.ContainerPort { Name = "http", Port = 8080 }, new Kube.Model.ContainerPort { Name = "grpc", Port = 9090 }],
                Resources = cpu is null ? null : new ResourceRequirements { Requests = ImmutableDictionary<string, string>.Empty.Add("cpu", cpu) },
            },
        ],
    };

    public static Deployment EchoDeployment(string ns, string name, int replicas) => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = Labels(name) },
            Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = Labels(name) }, Spec = EchoSpec() },
        },
    };

    /// <summary>The pods with the app label, once exactly <paramref name="count"/> of them run with an IP and are Ready.</summary>
    public static async Task<IReadOnlyList<Pod>> RunningPodsAsync(IKubeClient client, string ns, string app, int count, TimeSpan? timeout = null) =>
        await Eventually.ValueAsync<IReadOnlyList<Pod>>(
            async () =>
            {
                var pods = await client.Resource<Pod>().ListAsync(new ListOptions { Namespace = ns, LabelSelector = "app=" + app });
                var items = pods.Items;
                return items.Length == count && items.All(p => p.Status?.Phase == "Running" && p.Status.PodIP is not null && p.Status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true)
                    ? items
                    : null;
            },
            $"{count} running pods app={app} in {ns}",
            timeout);

    /// <summary>GET http://podIP:port/ and return the pod name the echo server reports.</summary>
    public static async Task<string?> EchoPodNameAsync(HttpClient http, string podIp, int port = 8080)
    {
        var reply = await http.GetFromJsonAsync<JsonObject>(new Uri($"http://{podIp}:{port}/who"));
        return (string?)reply?["pod"];
    }

    public static bool InPodRange(string ip, int octet)
    {
        var parts = ip.Split('.').Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return parts[0] == 127 && parts[1] == octet && parts[2] is >= 1 and < 128;
    }
}
