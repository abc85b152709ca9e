using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Clusters.Model;
using Tdcc.Mesh.Kube.Client;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>Entry point of the member-side agent (pull mode): join, heartbeat, status, identity, leave.</summary>
public static class ClusterAgent
{
    /// <summary>
    /// Starts an agent in the background; await <see cref="IClusterAgent.Joined"/> for the membership.
    /// <paramref name="member"/> is the member cluster (administrator rights); the agent dials the hub with clients from
    /// <paramref name="hubClientFactory"/> (given a bearer token; null: a <c>KubeClient</c> for
    /// <see cref="ClusterAgentOptions.HubServer"/>, disposed with the agent).
    /// </summary>
    public static IClusterAgent Start(
        ClusterAgentOptions options,
        IKubeClient member,
        Func<string, IKubeClient>? hubClientFactory = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var runner = new AgentRunner(options, null, SyncModes.Pull, member, hubClientFactory, time ?? TimeProvider.System, loggerFactory, loggerFactory.CreateLogger("Tdcc.Mesh.Clusters.Agent"));
        runner.Start();
        return runner;
    }

    /// <summary>Starts the member-side work of a push-mode cluster inside the hub, with credentials the hub made.</summary>
    internal static AgentRunner StartPush(ClusterAgentOptions options, HubCredentials credentials, IKubeClient member, Func<string, IKubeClient>? hubClientFactory, TimeProvider time, ILoggerFactory loggerFactory)
    {
        var runner = new AgentRunner(options, credentials, SyncModes.Push, member, hubClientFactory, time, loggerFactory, loggerFactory.CreateLogger("Tdcc.Mesh.Clusters.PushAgent"));
        runner.Start();
        return runner;
    }
}
