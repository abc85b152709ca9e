using System.Net.Sockets;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>The process's own network (the loopback layout): sockets are created as usual.</summary>
public sealed class HostNetwork : IClusterNetwork
{
    /// <summary>The one instance; it holds no state.</summary>
    public static HostNetwork Instance { get; } = new();

    private HostNetwork()
    {
    }

    public string? NamespaceName => null;

    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol) => new(family, type, protocol);

    public T Run<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action();
    }
}
