using System.Reflection;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Runtime.Crds;
using Tdcc.Mesh.Kube.Runtime.Ownership;

namespace Tdcc.Mesh.Clusters.Crds;

/// <summary>The CustomResourceDefinitions of cluster registration, read from <c>charts/tdcc-mesh/crds/*.yaml</c> (embedded), and their installation.</summary>
public static class ClusterCrds
{
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

    /// <summary>
    /// Installs the named CRDs through <see cref="CrdInstaller"/>: server-side apply as <see cref="FieldManagers.Clusters"/>
    /// (an older schema is upgraded), then waits until each is Established.
    /// </summary>
    public static Task EnsureAsync(IKubeClient client, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(names);
        return new CrdInstaller(client, FieldManagers.Clusters).InstallAsync(names.Select(Load), cancellationToken);
    }
}
