using System.Net.Sockets;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// The network a member cluster's pods, ClusterIPs and DNS server live in: the host's own (loopback mode) or the
/// member's network namespace. A socket belongs to the network it was created in for its whole life, so everything
/// that listens or dials on behalf of the cluster creates its sockets here.
/// </summary>
public interface IClusterNetwork
{
    /// <summary>The network namespace's name (<c>ip netns exec NAME</c>), or null for the host's network.</summary>
    string? NamespaceName { get; }

    /// <summary>A new socket in this network.</summary>
    Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol);

    /// <summary>Runs <paramref name="action"/> where sockets it creates synchronously land in this network.</summary>
    T Run<T>(Func<T> action);
}
