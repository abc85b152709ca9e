using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Sandbox.Tests.Mesh;

/// <summary>What the mesh tests do on the hub: run the real kubectl against it, create objects unless they exist.</summary>
internal static class HubKubectl
{
    /// <summary>
    /// Runs kubectl on <paramref name="fixture"/>'s kubeconfig, on the hub unless <paramref name="context"/> names
    /// another cluster; fails the test on a non-zero exit.
    /// </summary>
    public static async Task<string> RunAsync(MeshFixture fixture, IEnumerable<string> arguments, string? input = null, string? context = null)
    {
        var result = await PeerTools.RunAsync(
            "kubectl",
            ["--kubeconfig", fixture.Set.KubeconfigPath, "--context", context ?? fixture.Hub.Name, .. arguments],
            standardInput: input,
            timeout: TimeSpan.FromSeconds(60));
        result.ExitCode.Should().Be(0, result.StandardError);
        return result.StandardOutput;
    }

    /// <summary>Creates <paramref name="obj"/> unless an object of that name exists.</summary>
    public static async Task CreateIfMissingAsync<T>(IResourceClient<T> resource, T obj)
        where T : class, IKubeObject
    {
        try
        {
            await resource.CreateAsync(obj);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
        }
    }
}
