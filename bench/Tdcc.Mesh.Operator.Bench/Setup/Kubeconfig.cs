using System.Text;

namespace Tdcc.Mesh.Operator.Bench.Setup;

/// <summary>A kubeconfig naming each cluster by its name (one context each, no credentials: the in-process API servers do not authenticate).</summary>
internal static class Kubeconfig
{
    public static async Task WriteAsync(string path, IEnumerable<(string Name, Uri Server)> clusters, CancellationToken cancellationToken)
    {
        var list = clusters.ToList();
        var yaml = new StringBuilder("apiVersion: v1\nkind: Config\n");
        yaml.Append("current-context: ").Append(list[0].Name).Append("\nclusters:\n");
        foreach (var (name, server) in list)
        {
            yaml.Append("- name: ").Append(name).Append("\n  cluster:\n    server: ").Append(server.GetLeftPart(UriPartial.Authority)).Append('\n');
        }

        yaml.Append("users:\n- name: bench\n  user: {}\ncontexts:\n");
        foreach (var (name, _) in list)
        {
            yaml.Append("- name: ").Append(name).Append("\n  context:\n    cluster: ").Append(name).Append("\n    user: bench\n");
        }

        await File.WriteAllTextAsync(path, yaml.ToString(), cancellationToken);
    }
}
