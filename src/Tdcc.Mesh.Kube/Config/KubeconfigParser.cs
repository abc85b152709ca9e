using System.Collections.Immutable;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Tdcc.Mesh.Kube.Config;

/// <summary>Reads one kubeconfig file's YAML into a <see cref="Kubeconfig"/>, resolving relative paths against its folder.</summary>
internal static class KubeconfigParser
{
    public static Kubeconfig Parse(string yaml, string origin)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(origin);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(yaml);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new KubeconfigException($"kubeconfig '{origin}' is not valid YAML: {ex.Message}", ex);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode)
        {
            return Kubeconfig.Empty;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new KubeconfigException($"kubeconfig '{origin}' is not a mapping");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(origin)) ?? string.Empty;
        return new Kubeconfig
        {
            CurrentContext = Scalar(root, "current-context"),
            Clusters = Named(root, "clusters", "cluster", origin, node => new KubeconfigCluster
            {
                Server = Scalar(node, "server"),
                CertificateAuthority = ResolvePath(folder, Scalar(node, "certificate-authority")),
                CertificateAuthorityData = Scalar(node, "certificate-authority-data"),
                InsecureSkipTlsVerify = Bool(node, "insecure-skip-tls-verify"),
                TlsServerName = Scalar(node, "tls-server-name"),
                ProxyUrl = Scalar(node, "proxy-url"),
                Origin = origin,
            }),
            Users = Named(root, "users", "user", origin, node => new KubeconfigUser
            {
                Token = Scalar(node, "token"),
                TokenFile = ResolvePath(folder, Scalar(node, "tokenFile")),
                ClientCertificate = ResolvePath(folder, Scalar(node, "client-certificate")),
                ClientCertificateData = Scalar(node, "client-certificate-data"),
                ClientKey = ResolvePath(folder, Scalar(node, "client-key")),
                ClientKeyData = Scalar(node, "client-key-data"),
                Username = Scalar(node, "username"),
                Password = Scalar(node, "password"),
                HasExec = node.Children.ContainsKey(new YamlScalarNode("exec")),
                HasAuthProvider = node.Children.ContainsKey(new YamlScalarNode("auth-provider")),
                Origin = origin,
            }),
            Contexts = Named(root, "contexts", "context", origin, node => new KubeconfigContext
            {
                Cluster = Scalar(node, "cluster"),
                User = Scalar(node, "user"),
                Namespace = Scalar(node, "namespace"),
                Origin = origin,
            }),
        };
    }

    /// <summary>Reads a list of <c>{name, &lt;field&gt;: {...}}</c>; within one file the last entry of a name wins.</summary>
    private static ImmutableDictionary<string, T> Named<T>(YamlMappingNode root, string listKey, string entryKey, string origin, Func<YamlMappingNode, T> read)
    {
        var result = ImmutableDictionary.CreateBuilder<string, T>(StringComparer.Ordinal);
        if (!root.Children.TryGetValue(new YamlScalarNode(listKey), out var listNode) || IsNull(listNode))
        {
            return result.ToImmutable();
        }

        if (listNode is not YamlSequenceNode list)
        {
            throw new KubeconfigException($"kubeconfig '{origin}': '{listKey}' must be a list");
        }

        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode entry)
            {
                throw new KubeconfigException($"kubeconfig '{origin}': entries of '{listKey}' must be mappings");
            }

            var name = Scalar(entry, "name");
            if (string.IsNullOrEmpty(name))
            {
                throw new KubeconfigException($"kubeconfig '{origin}': an entry of '{listKey}' has no name");
            }

            var body = entry.Children.TryGetValue(new YamlScalarNode(entryKey), out var bodyNode) && bodyNode is YamlMappingNode mapping
                ? mapping
                : new YamlMappingNode();
            // Like kubectl, a later entry of the same name within one file replaces an earlier one.
            result[name] = read(body);
        }

        return result.ToImmutable();
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar && !IsNull(scalar)
            ? scalar.Value
            : null;

    private static bool Bool(YamlMappingNode node, string key) =>
        string.Equals(Scalar(node, key), "true", StringComparison.OrdinalIgnoreCase);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: not (ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) } scalar
        && (scalar.Value is null || scalar.Value.Length == 0 || scalar.Value is "null" or "~");

    private static string? ResolvePath(string folder, string? path) =>
        string.IsNullOrEmpty(path) || Path.IsPathRooted(path) ? path : Path.GetFullPath(Path.Combine(folder, path));
}
