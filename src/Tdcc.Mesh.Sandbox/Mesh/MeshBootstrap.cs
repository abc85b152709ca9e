using Tdcc.Mesh.Clusters.Hub;
using Tdcc.Mesh.Hosting.Configuration;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>What every way of running the sandbox's mesh needs for the join.</summary>
internal static class MeshBootstrap
{
    private static readonly TimeSpan BootstrapTokenTtl = TimeSpan.FromHours(1);

    /// <summary>The Secret in a member where its agent keeps its hub credentials (the agent's defaults).</summary>
    public const string CredentialsSecretName = "tdcc-hub-credentials";

    /// <summary>
    /// A bootstrap token Secret on the hub, only when some member has no stored hub credentials for
    /// <paramref name="hubServer"/> yet (a restart creates none).
    /// </summary>
    public static async Task<string?> TokenIfNeededAsync(ISimulatedCluster hub, IReadOnlyList<ISimulatedCluster> members, Uri hubServer, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(members);
        ArgumentNullException.ThrowIfNull(hubServer);
        var server = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(hubServer.ToString()));
        foreach (var member in members)
        {
            var stored = await member.Client.Resource<Secret>().GetAsync(ProcessOptions.DefaultNamespace, CredentialsSecretName, cancellationToken).ConfigureAwait(false);
            if (stored?.Data?.GetValueOrDefault("server") != server)
            {
                return await BootstrapTokens.CreateAsync(hub.Client, BootstrapTokenTtl, time, cancellationToken).ConfigureAwait(false);
            }
        }

        return null;
    }

    /// <summary>
    /// Exports <c>demo/echo</c> from the first member and waits until every member has the ServiceImport with an IP, and
    /// every other member's request to that IP is answered by the exporter.
    /// </summary>
    public static async Task ExportDemoAsync(IReadOnlyList<ISimulatedCluster> members, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            return;
        }

        await DemoExport.ExportAsync(members[0].Client, cancellationToken).ConfigureAwait(false);
        await Parallel.ForEachAsync(members, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (member, ct) =>
        {
            var import = await DemoExport.WaitImportedAsync(member.Client, member.Name, timeout, time, ct).ConfigureAwait(false);
            if (member != members[0])
            {
                // Ready means a newcomer's first request answers: the importer's ClusterSetIP, from inside its network.
                await DemoExport.WaitAnsweredAsync(member, import, timeout, time, ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }
}
