using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.ApiServer.Bench.Server;

/// <summary>Creates the namespaces the benchmarks write into.</summary>
internal static class BenchNamespaces
{
    public static Task CreateAsync(IKubeClient client, string name, CancellationToken cancellationToken) =>
        client.Resource<Namespace>().CreateAsync(new Namespace { Metadata = new ObjectMeta { Name = name } }, null, cancellationToken);
}
