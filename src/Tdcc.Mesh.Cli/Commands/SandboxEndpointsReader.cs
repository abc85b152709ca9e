using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>Finds a running sandbox's member for the commands that act on one (<c>exec</c>, <c>fault</c>).</summary>
internal static class SandboxEndpointsReader
{
    /// <summary>The sandbox in <paramref name="directory"/> and its member <paramref name="cluster"/>; an error line and exit code when either is missing.</summary>
    public static async Task<(SandboxEndpoints? Sandbox, ClusterEndpoints? Member, string? Error, int ExitCode)> FindMemberAsync(string directory, string cluster, CancellationToken cancellationToken)
    {
        var endpoints = await SandboxHost.ReadEndpointsAsync(directory, cancellationToken).ConfigureAwait(false);
        if (endpoints is null)
        {
            return (null, null, $"No sandbox runs in {Path.GetFullPath(directory)} (no endpoints.json): start one with `tdcc sandbox up` (or `make run`).", 2);
        }

        var member = endpoints.Clusters.FirstOrDefault(c => c.Name == cluster && c.Role == "member");
        if (member is null)
        {
            var members = string.Join(", ", endpoints.Clusters.Where(c => c.Role == "member").Select(c => c.Name));
            return (endpoints, null, $"'{cluster}' is not a member cluster of the sandbox in {Path.GetFullPath(directory)} (members: {members}).", 1);
        }

        return (endpoints, member, null, 0);
    }
}
