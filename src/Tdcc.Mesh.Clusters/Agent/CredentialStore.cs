using System.Collections.Immutable;
using Tdcc.Mesh.Clusters.Kube;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>The hub credentials kept in the member (a Secret), so a restarted agent does not join again.</summary>
internal sealed class CredentialStore
{
    private readonly ClusterAgentOptions _options;
    private readonly IKubeClient _member;

    public CredentialStore(ClusterAgentOptions options, IKubeClient member)
    {
        _options = options;
        _member = member;
    }

    public async Task<HubCredentials?> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await StoredHubCredentials.ReadAsync(_member, _options.CredentialsNamespace, _options.CredentialsSecretName, cancellationToken).ConfigureAwait(false);
        return stored is null || stored.Cluster != _options.ClusterName || stored.Server != _options.HubServer.ToString()
            ? null
            : new HubCredentials(stored.Token, stored.HubNamespace, stored.ClusterSetName);
    }

    public async Task SaveAsync(HubCredentials credentials, CancellationToken cancellationToken)
    {
        await _member.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = _options.CredentialsNamespace } }, cancellationToken).ConfigureAwait(false);
        await DeleteAsync(cancellationToken).ConfigureAwait(false);
        var data = ImmutableDictionary<string, string>.Empty
            .Add("token", KubeWrites.Encode(credentials.Token))
            .Add("namespace", KubeWrites.Encode(credentials.HubNamespace))
            .Add("clusterset", KubeWrites.Encode(credentials.ClusterSetName))
            .Add("cluster", KubeWrites.Encode(_options.ClusterName))
            .Add("server", KubeWrites.Encode(_options.HubServer.ToString()));
        await _member.Resource<Secret>().CreateAsync(
            new Secret { Metadata = new ObjectMeta { Name = _options.CredentialsSecretName, Namespace = _options.CredentialsNamespace }, Type = "Opaque", Data = data },
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    public Task DeleteAsync(CancellationToken cancellationToken) =>
        _member.Resource<Secret>().DeleteIfPresentAsync(_options.CredentialsNamespace, _options.CredentialsSecretName, cancellationToken);
}
