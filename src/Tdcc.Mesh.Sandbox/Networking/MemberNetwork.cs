using System.Net;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>One member's place in the sandbox's networks.</summary>
/// <param name="Name">The member cluster.</param>
/// <param name="Index">Its position among the members.</param>
/// <param name="Namespace">Its network namespace (<c>ip netns exec</c>).</param>
/// <param name="Link">The router's end of its link to the underlay (what a fault cuts).</param>
/// <param name="Underlay">Its address on the underlay.</param>
/// <param name="Plan">Its address block.</param>
public sealed record MemberNetwork(string Name, int Index, string Namespace, string Link, IPAddress Underlay, AddressPlan Plan);
