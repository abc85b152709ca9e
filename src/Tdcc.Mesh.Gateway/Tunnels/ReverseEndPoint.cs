using System.Net;

namespace Tdcc.Mesh.Gateway.Tunnels;

/// <summary>The Kestrel "address" of the reverse tunnels a gateway behind NAT serves (<see cref="ReverseListener"/>): no socket, connections are handed in.</summary>
internal sealed class ReverseEndPoint : EndPoint
{
    public override string ToString() => "reverse-tunnels";
}
