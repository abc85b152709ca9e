using System.Collections.Immutable;
using System.Text;

namespace Tdcc.Mesh.Kube.Config;

/// <summary>
/// A kubeconfig, possibly merged from several files the way kubectl merges <c>KUBECONFIG</c>:
/// for clusters, users and contexts the first file that defines a name wins (entries are never merged field by field),
/// and the current context comes from the first file that sets one. Relative file paths in an entry are resolved
/// against the folder of the file that defined it.
/// </summary>
public sealed record Kubeconfig
{
    /// <summary>The <c>KUBECONFIG</c> environment variable.</summary>
    public const string EnvironmentVariable = "KUBECONFIG";

    public string? CurrentContext { get; init; }
    public ImmutableDictionary<string, KubeconfigCluster> Clusters { get; init; } = ImmutableDictionary<string, KubeconfigCluster>.Empty;
    public ImmutableDictionary<string, KubeconfigUser> Users { get; init; } = ImmutableDictionary<string, KubeconfigUser>.Empty;
    public ImmutableDictionary<string, KubeconfigContext> Contexts { get; init; } = ImmutableDictionary<string, KubeconfigContext>.Empty;

    /// <summary>An empty kubeconfig.</summary>
    public static Kubeconfig Empty { get; } = new();

    /// <summary>
    /// Loads like kubectl: the explicit <paramref name="path"/> alone when given (it must exist); otherwise the
    /// <c>KUBECONFIG</c> files, merged, skipping missing ones; otherwise <c>~/.kube/config</c>.
    /// </summary>
    public static Kubeconfig Load(string? path = null) =>
        Load(path, Environment.GetEnvironmentVariable(EnvironmentVariable), Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>The same as <see cref="Load(string?)"/> with the environment passed in.</summary>
    public static Kubeconfig Load(string? path, string? kubeconfigVariable, string homeDirectory)
    {
        if (!string.IsNullOrEmpty(path))
        {
            if (!File.Exists(path))
            {
                throw new KubeconfigException($"kubeconfig '{path}' does not exist");
            }

            return LoadFile(path);
        }

        if (!string.IsNullOrEmpty(kubeconfigVariable))
        {
            var paths = kubeconfigVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return Merge(paths.Distinct(StringComparer.Ordinal).Where(File.Exists).Select(LoadFile));
        }

        var defaultPath = Path.Combine(homeDirectory, ".kube", "config");
        return File.Exists(defaultPath) ? LoadFile(defaultPath) : Empty;
    }

    /// <summary>Reads one kubeconfig file.</summary>
    public static Kubeconfig LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(full, Encoding.UTF8);
        }
        catch (IOException ex)
        {
            throw new KubeconfigException($"cannot read kubeconfig '{full}': {ex.Message}", ex);
        }

        return Parse(text, full);
    }

    /// <summary>Parses kubeconfig YAML; <paramref name="origin"/> is the file it came from, for resolving relative paths.</summary>
    public static Kubeconfig Parse(string yaml, string origin) => KubeconfigParser.Parse(yaml, origin);

    /// <summary>Merges kubeconfigs in precedence order: earlier ones win.</summary>
    public static Kubeconfig Merge(IEnumerable<Kubeconfig> configs)
    {
        ArgumentNullException.ThrowIfNull(configs);
        var merged = Empty;
        foreach (var config in configs)
        {
            merged = merged with
            {
                CurrentContext = string.IsNullOrEmpty(merged.CurrentContext) ? config.CurrentContext : merged.CurrentContext,
                Clusters = AddMissing(merged.Clusters, config.Clusters),
                Users = AddMissing(merged.Users, config.Users),
                Contexts = AddMissing(merged.Contexts, config.Contexts),
            };
        }

        return merged;
    }

    /// <summary>Resolves a context (the current one when null) into client options, reading certificate files.</summary>
    public KubeClientOptions ToClientOptions(string? context = null)
    {
        var contextName = string.IsNullOrEmpty(context) ? CurrentContext : context;
        if (string.IsNullOrEmpty(contextName))
        {
            throw new KubeconfigException("the kubeconfig has no current context and none was given");
        }

        if (!Contexts.TryGetValue(contextName, out var ctx))
        {
            throw new KubeconfigException($"context '{contextName}' is not defined");
        }

        if (string.IsNullOrEmpty(ctx.Cluster) || !Clusters.TryGetValue(ctx.Cluster, out var cluster))
        {
            throw new KubeconfigException($"cluster '{ctx.Cluster}' of context '{contextName}' is not defined");
        }

        if (string.IsNullOrEmpty(cluster.Server) || !Uri.TryCreate(cluster.Server, UriKind.Absolute, out var server))
        {
            throw new KubeconfigException($"cluster '{ctx.Cluster}' has no valid server ('{cluster.Server}')");
        }

        var user = new KubeconfigUser();
        if (!string.IsNullOrEmpty(ctx.User) && !Users.TryGetValue(ctx.User, out user))
        {
            throw new KubeconfigException($"user '{ctx.User}' of context '{contextName}' is not defined");
        }

        var hasCredentials = user.Token is not null || user.TokenFile is not null || user.Username is not null
            || user.ClientCertificate is not null || user.ClientCertificateData is not null;
        if (!hasCredentials && (user.HasExec || user.HasAuthProvider))
        {
            throw new KubeconfigException($"user '{ctx.User}' authenticates through an exec or auth-provider plugin, which this client does not support");
        }

        var certificatePem = ReadPem(user.ClientCertificateData, user.ClientCertificate, "client-certificate");
        var keyPem = ReadPem(user.ClientKeyData, user.ClientKey, "client-key");
        if ((certificatePem is null) != (keyPem is null))
        {
            throw new KubeconfigException($"user '{ctx.User}' needs both a client certificate and a client key");
        }

        return new KubeClientOptions
        {
            Server = server,
            Namespace = string.IsNullOrEmpty(ctx.Namespace) ? "default" : ctx.Namespace,
            CertificateAuthorityPem = ReadPem(cluster.CertificateAuthorityData, cluster.CertificateAuthority, "certificate-authority"),
            InsecureSkipTlsVerify = cluster.InsecureSkipTlsVerify,
            TlsServerName = cluster.TlsServerName,
            ProxyUrl = ProxyOf(cluster, ctx.Cluster),
            ClientCertificatePem = certificatePem,
            ClientKeyPem = keyPem,
            BearerToken = user.Token,
            TokenFile = user.TokenFile,
            Username = user.Username,
            Password = user.Password,
        };
    }

    private static ImmutableDictionary<string, T> AddMissing<T>(ImmutableDictionary<string, T> winners, ImmutableDictionary<string, T> candidates)
    {
        var builder = winners.ToBuilder();
        foreach (var (name, entry) in candidates)
        {
            builder.TryAdd(name, entry);
        }

        return builder.ToImmutable();
    }

    private static Uri? ProxyOf(KubeconfigCluster cluster, string name)
    {
        if (string.IsNullOrEmpty(cluster.ProxyUrl))
        {
            return null;
        }

        return Uri.TryCreate(cluster.ProxyUrl, UriKind.Absolute, out var proxy)
            ? proxy
            : throw new KubeconfigException($"cluster '{name}' has an invalid proxy-url '{cluster.ProxyUrl}'");
    }

    private static string? ReadPem(string? base64Data, string? file, string field)
    {
        if (!string.IsNullOrEmpty(base64Data))
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(base64Data));
            }
            catch (FormatException ex)
            {
                throw new KubeconfigException($"{field}-data is not valid base64", ex);
            }
        }

        if (string.IsNullOrEmpty(file))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(file, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new KubeconfigException($"cannot read {field} '{file}': {ex.Message}", ex);
        }
    }
}
