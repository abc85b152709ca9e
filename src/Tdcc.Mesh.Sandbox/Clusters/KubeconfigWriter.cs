using System.Text;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// Writes the sandbox kubeconfig: one cluster, user and context per cluster (named after it), current-context <c>hub</c>.
/// Each cluster carries its CA (<c>certificate-authority-data</c>) and each user the admin token when the API servers
/// authenticate; without them (<c>--plain-http</c>) the users have no credentials. The file is readable by its owner only.
/// </summary>
internal static class KubeconfigWriter
{
    public const string FileName = "kubeconfig";

    /// <summary>One cluster of the kubeconfig: its name, the server URL, its CA (PEM) and the admin's bearer token.</summary>
    public sealed record Entry(string Name, Uri Server, string? CertificateAuthorityPem = null, string? Token = null);

    public static string Render(IEnumerable<Entry> clusters, string currentContext)
    {
        var list = clusters.ToList();
        var yaml = new StringBuilder();
        yaml.Append("apiVersion: v1\nkind: Config\npreferences: {}\n");
        yaml.Append("current-context: ").Append(currentContext).Append('\n');
        yaml.Append("clusters:\n");
        foreach (var entry in list)
        {
            yaml.Append("- name: ").Append(entry.Name).Append('\n');
            yaml.Append("  cluster:\n    server: ").Append(entry.Server.GetLeftPart(UriPartial.Authority)).Append('\n');
            if (entry.CertificateAuthorityPem is { Length: > 0 } ca)
            {
                yaml.Append("    certificate-authority-data: ").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(ca))).Append('\n');
            }
        }

        yaml.Append("users:\n");
        foreach (var entry in list)
        {
            yaml.Append("- name: ").Append(entry.Name).Append("-admin\n");
            yaml.Append(entry.Token is { Length: > 0 } token ? $"  user:\n    token: {token}\n" : "  user: {}\n");
        }

        yaml.Append("contexts:\n");
        foreach (var entry in list)
        {
            yaml.Append("- name: ").Append(entry.Name).Append('\n');
            yaml.Append("  context:\n    cluster: ").Append(entry.Name).Append("\n    user: ").Append(entry.Name).Append("-admin\n    namespace: default\n");
        }

        return yaml.ToString();
    }

    /// <summary>Writes the kubeconfig of <paramref name="clusters"/> (each with its CA and, when it authenticates, the admin token).</summary>
    public static Task WriteAsync(string path, IEnumerable<ISimulatedCluster> clusters, string currentContext, CancellationToken cancellationToken) =>
        WriteAsync(
            path,
            clusters.Select(c => new Entry(
                c.Name,
                c.ApiServer,
                string.Equals(c.ApiServer.Scheme, Uri.UriSchemeHttps, StringComparison.Ordinal) ? c.CertificateAuthorityPem : null,
                c.ClientOptions.BearerToken)),
            currentContext,
            cancellationToken);

    public static async Task WriteAsync(string path, IEnumerable<Entry> clusters, string currentContext, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, string.Empty, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            // It holds the admin token: the owner's alone, as ~/.kube/config.
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllTextAsync(temporary, Render(clusters, currentContext), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}
