using System.Globalization;
using System.Net;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// Where a cluster's addresses live. Each member owns one block: its nodes are the block's first addresses, its pods
/// come from the rest of the block's lower half (from the second /24 on) and its service ClusterIPs from the upper half.
/// <list type="bullet">
/// <item>Loopback layout, up to <see cref="MaxLoopbackMembers"/> members: member <c>i</c> owns 127.(10+i).0.0/16.</item>
/// <item>Loopback layout with more members: /20 blocks, member <c>i</c> owns 127.(10+i/16).(16·(i%16)).0/20.</item>
/// <item>Network namespaces: /20 blocks from 100.65.0.0 (RFC 6598 shared space, never routed outside the sandbox's own
/// networks), member <c>i</c> owns 100.65.0.0 + 4096·i, and has an address on the sandbox's underlay.</item>
/// </list>
/// The hub has no nodes or pods unless asked (<see cref="HubWithPods"/>); its ClusterIPs come from 127.9.128.0/17.
/// </summary>
public sealed record AddressPlan
{
    /// <summary>The most members the /16 loopback plan has room for (second octets 10..255).</summary>
    public const int MaxLoopbackMembers = 246;

    /// <summary>The most members any plan has room for (the loopback plan with /20 blocks).</summary>
    public const int MaxMembers = MaxLoopbackMembers * 16;

    /// <summary>The most members the network-namespace plan has room for (/20 blocks in 100.65.0.0-100.127.255.255).</summary>
    public const int MaxNamespacedMembers = 63 * 16;

    private const uint NamespacedBlocks = (100u << 24) | (65u << 16);

    private AddressPlan(uint blockBase, int prefix, string? podCidr, string serviceCidr, IPAddress? underlay)
    {
        BlockBase = blockBase;
        BlockPrefix = prefix;
        PodCidr = podCidr;
        ServiceCidr = serviceCidr;
        UnderlayAddress = underlay;
    }

    public static AddressPlan Hub { get; } = new((127u << 24) | (9u << 16), 16, null, "127.9.128.0/17", null);

    /// <summary>The hub's plan when it has nodes (<see cref="SandboxOptions.HubNodes"/>): nodes from 127.9.0.1, pods from 127.9.1.0 to 127.9.127.255.</summary>
    public static AddressPlan HubWithPods { get; } = new((127u << 24) | (9u << 16), 16, "127.9.0.0/17", "127.9.128.0/17", null);

    /// <summary>Where pod IPs (and node addresses) come from; null for the hub.</summary>
    public string? PodCidr { get; }

    /// <summary>Where service ClusterIPs come from.</summary>
    public string ServiceCidr { get; }

    /// <summary>The member's address on the sandbox's underlay (network-namespace layouts), else null.</summary>
    public IPAddress? UnderlayAddress { get; }

    /// <summary>The whole block, e.g. <c>127.10.0.0/16</c>.</summary>
    public string BlockCidr => Cidr(BlockBase, BlockPrefix);

    /// <summary>The second octet of the block's base (what distinguishes members in the /16 loopback plan).</summary>
    public int SecondOctet => (int)((BlockBase >> 16) & 0xff);

    /// <summary>Where the member's clusterset DNS server answers: its underlay address, else the block's <c>x.x.255.53</c> (last /24 of the service range, .53).</summary>
    public IPAddress DnsAddress => UnderlayAddress ?? ToAddress(BlockBase + BlockSize - 256 + 53);

    /// <summary>The first and last address pods may get (inclusive).</summary>
    public (uint First, uint Last) PodRange => (BlockBase + 256, BlockBase + (BlockSize / 2) - 1);

    internal uint BlockBase { get; }

    internal int BlockPrefix { get; }

    private uint BlockSize => 1u << (32 - BlockPrefix);

    /// <summary>The loopback plan of member <paramref name="index"/>; <paramref name="offset"/> shifts the block so sandboxes can run side by side; <paramref name="compact"/> picks /20 blocks (more than <see cref="MaxLoopbackMembers"/> members).</summary>
    public static AddressPlan Member(int index, int offset = 0, bool compact = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var block = index + offset;
        if (!compact)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, MaxLoopbackMembers);
            return Build((127u << 24) | ((uint)(10 + block) << 16), 16, null);
        }

        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(block, MaxMembers);
        return Build((127u << 24) | ((uint)(10 + (block / 16)) << 16) | ((uint)(16 * (block % 16)) << 8), 20, null);
    }

    /// <summary>The plan of member <paramref name="index"/> in a network-namespace layout, with its underlay address.</summary>
    public static AddressPlan Namespaced(int index, int offset, IPAddress underlay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index + offset, MaxNamespacedMembers);
        return Build(NamespacedBlocks + ((uint)(index + offset) << 12), 20, underlay);
    }

    /// <summary>The address of node <paramref name="ordinal"/> (1-based).</summary>
    public string NodeAddress(int ordinal) => ToAddress(BlockBase + (uint)ordinal).ToString();

    internal static IPAddress ToAddress(uint value) =>
        new([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);

    internal static uint FromAddress(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        return bytes.Length == 4 ? ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3] : 0;
    }

    private static AddressPlan Build(uint blockBase, int prefix, IPAddress? underlay) =>
        new(blockBase, prefix, Cidr(blockBase, prefix + 1), Cidr(blockBase + (1u << (31 - prefix)), prefix + 1), underlay);

    private static string Cidr(uint value, int prefix) => string.Create(CultureInfo.InvariantCulture, $"{ToAddress(value)}/{prefix}");
}
