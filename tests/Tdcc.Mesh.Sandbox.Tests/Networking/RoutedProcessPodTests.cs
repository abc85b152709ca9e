using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;
using Tdcc.Mesh.Sandbox.Controllers;
using Tdcc.Mesh.Sandbox.Networking;
using Tdcc.Mesh.Sandbox.Tests.Controllers;
using Tdcc.Mesh.Sandbox.Workloads;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Networking;

/// <summary>
/// A process pod of a member with its own network namespace (routed layout, slot 13): it runs inside that namespace,
/// its probes reach it there, and it reaches its API server's secure port over the host's underlay address with the
/// projected token and CA.
/// </summary>
[Trait("Category", "Slow")]
public sealed class RoutedProcessPodTests
{
    internal const string Script = """
        import http.server, json, os, ssl, urllib.request
        d = os.environ['TDCC_SERVICEACCOUNT_DIR']
        url = 'https://%s:%s/api/v1/namespaces/%s/pods/%s' % (os.environ['KUBERNETES_SERVICE_HOST'], os.environ['KUBERNETES_SERVICE_PORT'], open(d + '/namespace').read(), os.environ['POD_NAME'])
        request = urllib.request.Request(url, headers={'Authorization': 'Bearer ' + open(d + '/token').read()})
        pod = json.load(urllib.request.urlopen(request, context=ssl.create_default_context(cafile=d + '/ca.crt')))
        print('apiserver says', pod['metadata']['name'], flush=True)
        class Ok(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b'ok')
        http.server.HTTPServer((os.environ['POD_IP'], 8080), Ok).serve_forever()
        """;

    [NamespacesFact]
    public async Task Kubelet_RoutedMember_ProcessRunsInItsNamespaceAndReachesTheApiServerOverTls()
    {
        var directory = Directory.CreateTempSubdirectory("tdcc-routed-procs-").FullName;
        try
        {
            await using var set = await SandboxHost.StartAsync(new SandboxOptions
            {
                Directory = directory,
                Members = 1,
                InMemory = true,
                Mesh = false,
                Network = NetworkMode.Routed,
                AddressOffset = 208,
                ProcessImages = [new ProcessImage("test.local/python", ["python3"], "python3")],
            });
            var member = set.Clusters[1];
            member.Network.NamespaceName.Should().NotBeNull();
            await TestWorkloads.CreateNamespaceAsync(member.Client, "routed");
            await TestWorkloads.AllowPodReadsAsync(member.Client, "routed");
            await member.Client.Resource<Pod>().CreateAsync(new Pod
            {
                Metadata = new ObjectMeta { Name = "client", Namespace = "routed" },
                Spec = new PodSpec
                {
                    NodeName = member.Name + "-node-1",
                    TerminationGracePeriodSeconds = 2,
                    Containers =
                    [
                        new Container
                        {
                            Name = "main",
                            Image = "test.local/python:3",
                            Args = ["-c", Script],
                            Env =
                            [
                                new EnvVar { Name = "POD_NAME", ValueFrom = Field("metadata.name") },
                                new EnvVar { Name = "POD_IP", ValueFrom = Field("status.podIP") },
                            ],
                            ReadinessProbe = System.Text.Json.JsonDocument.Parse("""{"httpGet":{"path":"/readyz","port":8080},"periodSeconds":1}""").RootElement.Clone(),
                        },
                    ],
                },
            });

            var pod = await Eventually.ValueAsync(
                async () => await member.Client.Resource<Pod>().GetAsync("routed", "client") is { } p && PodStates.IsReady(p) ? p : null,
                "the routed process pod to be ready",
                TimeSpan.FromSeconds(60));
            using var kubectl = await KubectlSession.StartAsync(member.ApiServer, member.ClientOptions.CertificateAuthorityPem, member.ClientOptions.BearerToken);
            var logs = await kubectl.RunAsync(null, "logs", "-n", "routed", "client");
            logs.StandardOutput.Should().Contain("apiserver says client", logs.ToString());

            // The process lives in the member's network namespace.
            var pid = int.Parse(pod.Status!.ContainerStatuses!.Value.Single().ContainerID!["process://".Length..], System.Globalization.CultureInfo.InvariantCulture);
            (await PeerTools.RunAsync("ip", ["netns", "identify", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)])).StandardOutput.Trim().Should().Be(member.Network.NamespaceName);

            await member.Client.Resource<Pod>().DeleteAsync("routed", "client");
            await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")), $"process {pid} to exit", TimeSpan.FromSeconds(20));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    internal static System.Text.Json.JsonElement Field(string path) =>
        System.Text.Json.JsonDocument.Parse($$$"""{"fieldRef":{"fieldPath":"{{{path}}}"}}""").RootElement.Clone();
}
