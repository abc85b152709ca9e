using System.Text.Json.Nodes;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.ApiServer.Tests.Peers;

/// <summary>
/// kubectl 1.32's typed clients (create, describe) ask <c>application/vnd.kubernetes.protobuf,application/json</c>: they
/// now receive protobuf, and must print the same objects as the JSON path (get -o json, which asks JSON).
/// </summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlProtobufTests
{
    [PeerFact("kubectl")]
    public async Task Kubectl_TypedCommandsReceivingProtobuf_PrintTheSameObjectsAsJson()
    {
        RequirePeer.Present("kubectl");
        await using var h = await ApiServerHarness.StartAsync();
        using var kubectl = await KubectlSession.StartAsync(h.Server.BaseAddress);
        async Task<string> Kubectl(params string[] args)
        {
            var result = await kubectl.RunAsync(null, args);
            result.ExitCode.Should().Be(0, result.ToString());
            return result.StandardOutput + result.StandardError;
        }

        var created = await Kubectl("create", "deployment", "web", "--image=nginx:1.27", "--replicas=2", "-o", "json", "-v=8");
        created.Should().Contain("Response Headers:").And.Contain("Content-Type: application/vnd.kubernetes.protobuf", "create's typed client receives protobuf");
        var createdCm = await Kubectl("create", "configmap", "cfg", "--from-literal=a=1", "--from-literal=b=two", "-o", "json");
        var fromProtobuf = JsonNode.Parse(createdCm)!;
        var fromJson = JsonNode.Parse(await Kubectl("get", "configmap", "cfg", "-o", "json"))!;
        JsonNode.DeepEquals(fromProtobuf, fromJson).Should().BeTrue($"create (protobuf) printed {fromProtobuf.ToJsonString()}, get (JSON) printed {fromJson.ToJsonString()}");

        var describe = await Kubectl("describe", "deployment", "web", "-v=8");
        describe.Should().Contain("Accept: application/vnd.kubernetes.protobuf,application/json").And.Contain("Content-Type: application/vnd.kubernetes.protobuf");
        describe.Should().Contain("Replicas:").And.Contain("2 desired").And.Contain("nginx:1.27").And.Contain("Selector:").And.Contain("app=web");
        (await Kubectl("describe", "configmap", "cfg")).Should().Contain("two");

        (await Kubectl("scale", "deployment", "web", "--replicas=3")).Should().Contain("scaled");
        (await Kubectl("get", "deployment", "web", "-o", "jsonpath={.spec.replicas}")).Should().Be("3");
    }
}
