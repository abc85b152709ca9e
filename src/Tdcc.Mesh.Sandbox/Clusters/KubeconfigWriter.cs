using System.Text;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// Writes the sandbox kubeconfig: one cluster, user and context per cluster (named after it), no credentials
/// (the sandbox API servers do not authenticate), current-context <c>hub</c>.
/// </summary>
internal static class KubeconfigWriter
{
    public const string FileName = "kubeconfig";

    public static string Render(IEnumerable<(string Name, Uri Server)> clusters, string currentContext)
    {
        var list = clusters.ToList();
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\nkind: Config\npreferences: {}\n");
        yaml.Append("current-context: ").Append(currentContext).Append('\n');
        yaml.Append("clusters:\n");
        foreach (var (name, server) in list)
        {
            yaml.Append("- name: ").Append(name).Append('\n');
            yaml.Append("  cluster:\n    server: ").Append(server.GetLeftPart(UriPartial.Authority)).Append('\n');
        }

        yaml.Append("users:\n");
        foreach (var (name, _) in list)
        {
            yaml.Append("- name: ").Append(name).Append("-admin\n  user: {}\n");
        }

        yaml.Append("contexts:\n");
        foreach (var (name, _) in list)
        {
            yaml.Append("- name: ").Append(name).Append('\n');
            yaml.Append("  context:\n    cluster: ").Append(name).Append("\n    user: ").Append(name).Append("-admin\n    namespace: default\n");
        }

        return yaml.ToString();
    }

    public static async Task WriteAsync(string path, IEnumerable<(string Name, Uri Server)> clusters, string currentContext, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, Render(clusters, currentContext), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
