using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>Bad input: kubectl must print its own error text for what the server answers.</summary>
[Trait("Peer", "kubectl")]
public sealed class KubectlErrorTests(ApiServerFixture fixture) : IClassFixture<ApiServerFixture>
{
    private readonly Kubectl _kubectl = new(fixture);

    [PeerFact("kubectl")]
    public async Task Apply_DeploymentWithInvalidName_PrintsInvalid()
    {
        RequirePeer.Present(Kubectl.Peer);

        var error = await _kubectl.FailAsync(Manifests.Deployment("Bad_Name", "default"), "apply", "-f", "-");

        error.Should().Be("The Deployment \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n");
    }

    [PeerFact("kubectl")]
    public async Task Apply_UnknownKind_PrintsResourceMappingNotFound()
    {
        RequirePeer.Present(Kubectl.Peer);

        var error = await _kubectl.FailAsync("apiVersion: example.com/v1\nkind: Nope\nmetadata: {name: thing}\n", "apply", "-f", "-");

        error.Should().Be("error: resource mapping not found for name: \"thing\" namespace: \"\" from \"STDIN\": no matches for kind \"Nope\" in version \"example.com/v1\"\nensure CRDs are installed first\n");
    }

    [PeerFact("kubectl")]
    public async Task Get_UnknownResourceType_PrintsServerDoesNotHaveType()
    {
        RequirePeer.Present(Kubectl.Peer);

        var error = await _kubectl.FailAsync(null, "get", "nopes");

        error.Should().Be("error: the server doesn't have a resource type \"nopes\"\n");
    }

    [PeerFact("kubectl")]
    public async Task Create_ExistingObject_PrintsAlreadyExists()
    {
        RequirePeer.Present(Kubectl.Peer);
        var ns = fixture.CreateNamespace("exists");
        await _kubectl.OkWithInputAsync(Manifests.ConfigMap("cfg", ns, "v"), "create", "-f", "-");

        var error = await _kubectl.FailAsync(Manifests.ConfigMap("cfg", ns, "v"), "create", "-f", "-");

        error.Should().Be("Error from server (AlreadyExists): error when creating \"STDIN\": configmaps \"cfg\" already exists\n");
    }
}
