using System.Reflection;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Clusters.Crds;

/// <summary>The CustomResourceDefinitions of cluster registration, read from <c>charts/tdcc-mesh/crds/*.yaml</c> (embedded), and their installation.</summary>
public static class ClusterCrds
{
    /// <summary>Where CRDs are served.</summary>
    public static readonly ResourceType CrdResource = new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", Namespaced: false);

    /// <summary>The hub's CRDs: ManagedCluster and ClusterRegistrationRequest.</summary>
    public static IReadOnlyList<string> Hub { get; } = ["managedclusters.clusters.tdcc.io", "clusterregistrationrequests.clusters.tdcc.io"];

    /// <summary>The member's CRDs: the About API ClusterProperty.</summary>
    public static IReadOnlyList<string> Member { get; } = ["clusterproperties.about.k8s.io"];

    /// <summary>The CRD named <paramref name="name"/> as JSON.</summary>
    public static JsonObject Load(string name)
    {
        var resource = $"Tdcc.Mesh.Clusters.Crds.{name}.yaml";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"CRD {name} is not embedded");
        using var reader = new StreamReader(stream);
        return YamlToJson.ConvertObject(reader.ReadToEnd());
    }

    /// <summary>Creates the named CRDs that are missing (existing ones are left as they are).</summary>
    public static async Task EnsureAsync(IKubeClient client, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(names);
        var crds = client.Resource(CrdResource);
        foreach (var name in names)
        {
            if (await crds.GetAsync(null, name, cancellationToken).ConfigureAwait(false) is not null)
            {
                continue;
            }

            try
            {
                await crds.CreateAsync(new GenericObject(Load(name)), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
            {
                // Another agent or hub replica created it first.
            }
        }
    }
}
