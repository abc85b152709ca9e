using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Clusters.Model;

namespace Tdcc.Mesh.Clusters.Agent;

/// <summary>Entry point of the member-side agent (pull mode): join, heartbeat, status, identity, leave.</summary>
public static class ClusterAgent
{
    /// <summary>Starts an agent in the background; await <see cref="IClusterAgent.Joined"/> for the membership.</summary>
    public static IClusterAgent Start(ClusterAgentOptions options, ILoggerFactory? loggerFactory = null)
    {
        var runner = new AgentRunner(options, null, SyncModes.Pull, (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Tdcc.Mesh.Clusters.Agent"));
        runner.Start();
        return runner;
    }

    /// <summary>Starts the member-side work of a push-mode cluster inside the hub, with credentials the hub made.</summary>
    internal static AgentRunner StartPush(ClusterAgentOptions options, HubCredentials credentials, ILoggerFactory loggerFactory)
    {
        var runner = new AgentRunner(options, credentials, SyncModes.Push, loggerFactory.CreateLogger("Tdcc.Mesh.Clusters.PushAgent"));
        runner.Start();
        return runner;
    }
}
