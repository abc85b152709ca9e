using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>kubectl's generator commands, which send protobuf bodies (Content-Type application/vnd.kubernetes.protobuf).</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlCreateTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly Kubectl _kubectl = new(fixture);

    [PeerFact("kubectl")]
    public async Task CreateNamespaceConfigMapSecretServiceAccount_ProtobufBodies_Created()
    {
        RequirePeer.Present(Kubectl.Peer);

        (await _kubectl.OkAsync("create", "namespace", "generated")).Should().Be("namespace/generated created\n");
        (await _kubectl.OkAsync("create", "configmap", "settings", "-n", "generated", "--from-literal=mode=fast", "--from-literal=level=3"))
            .Should().Be("configmap/settings created\n");
        (await _kubectl.OkAsync("create", "secret", "generic", "token", "-n", "generated", "--from-literal=password=s3cret"))
            .Should().Be("secret/token created\n");
        (await _kubectl.OkAsync("create", "serviceaccount", "robot", "-n", "generated")).Should().Be("serviceaccount/robot created\n");

        (await _kubectl.OkAsync("get", "namespace", "generated", "-o", "jsonpath={.status.phase} {.spec.finalizers}")).Should().Be("Active [\"kubernetes\"]");
        (await _kubectl.OkAsync("get", "cm", "settings", "-n", "generated", "-o", "jsonpath={.data}")).Should().Be("{\"level\":\"3\",\"mode\":\"fast\"}");
        (await _kubectl.OkAsync("get", "secret", "token", "-n", "generated", "-o", "jsonpath={.type} {.data.password}")).Should().Be("Opaque czNjcmV0");
        (await _kubectl.OkAsync("get", "sa", "robot", "-n", "generated", "-o", "name")).Should().Be("serviceaccount/robot\n");
        (await _kubectl.OkAsync("get", "cm", "settings", "-n", "generated", "--show-managed-fields", "-o", "jsonpath={.metadata.managedFields[0].manager}"))
            .Should().Be("kubectl-create");
        (await _kubectl.FailAsync(null, "create", "namespace", "generated"))
            .Should().Be("Error from server (AlreadyExists): namespaces \"generated\" already exists\n");
    }

    [PeerFact("kubectl")]
    public async Task CreateDeployment_ProtobufBody_CreatedWithKubectlsFields()
    {
        RequirePeer.Present(Kubectl.Peer);

        (await _kubectl.OkAsync("create", "deployment", "web", "--image=nginx", "--replicas=2")).Should().Be("deployment.apps/web created\n");

        (await _kubectl.OkAsync("get", "deployment", "web", "-o", "jsonpath={.spec.replicas} {.spec.template.spec.containers[0].image} {.spec.selector.matchLabels.app}"))
            .Should().Be("2 nginx web");
    }
}
