using System.Globalization;
using System.Net;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// The names and addresses of one sandbox's networks. Sandboxes side by side use different slots (their
/// <c>--address-offset</c> divided by 16), so their namespaces, host interface and underlay never collide.
/// </summary>
public sealed record NetworkNames(int Slot)
{
    /// <summary>The most slots (each owns a /22 of 100.64.0.0/16 for its underlay).</summary>
    public const int MaxSlots = 64;

    /// <summary>The slot of a sandbox whose members' blocks start at <paramref name="addressOffset"/>.</summary>
    public static NetworkNames ForOffset(int addressOffset) => new(Math.Clamp(addressOffset / 16, 0, MaxSlots - 1));

    /// <summary>The namespace that holds the underlay: a bridge joining the host and every member, routing between members in <see cref="NetworkMode.Routed"/> mode.</summary>
    public string RouterNamespace => Prefix + "-underlay";

    /// <summary>The host's interface on the underlay.</summary>
    public string HostLink => Prefix + "h";

    /// <summary>The bridge inside <see cref="RouterNamespace"/>.</summary>
    public static string Bridge => "br0";

    /// <summary>The router's address (the members' next hop for every other sandbox address).</summary>
    public IPAddress RouterAddress => Underlay(1);

    /// <summary>The host's address on the underlay: what members dial to reach the hub and xDS server.</summary>
    public IPAddress HostAddress => Underlay(2);

    /// <summary>The underlay's prefix length.</summary>
    public static int UnderlayPrefix => 22;

    /// <summary>The underlay subnet, e.g. <c>100.64.24.0/22</c>.</summary>
    public string UnderlayCidr => string.Create(CultureInfo.InvariantCulture, $"{Underlay(0)}/{UnderlayPrefix}");

    /// <summary>What every member routes through the router: the whole shared space the sandboxes use.</summary>
    public static string SupernetCidr => "100.64.0.0/10";

    private string Prefix => "tdcc" + Slot.ToString(CultureInfo.InvariantCulture);

    /// <summary>The network namespace of member <paramref name="member"/>.</summary>
    public string MemberNamespace(string member) => Prefix + "-" + member;

    /// <summary>The router's end of member <paramref name="index"/>'s link (inside <see cref="RouterNamespace"/>); cutting the member takes it down.</summary>
    public static string MemberLink(int index) => "m" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The member's end of its link, inside its namespace.</summary>
    public static string MemberInterface => "eth0";

    /// <summary>Member <paramref name="index"/>'s address on the underlay.</summary>
    public IPAddress MemberAddress(int index) => Underlay(10 + index);

    private IPAddress Underlay(int host) =>
        Clusters.AddressPlan.ToAddress((100u << 24) | (64u << 16) | ((uint)(Slot * 4) << 8) + (uint)host);
}
