using System.Globalization;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// Where a cluster's addresses live, all on the Linux loopback network (every address of 127.0.0.0/8 is bindable):
/// member <c>i</c> (0-based) owns 127.(10+i).0.0/16; its nodes are 127.(10+i).0.1.., its pods come from the rest of
/// 127.(10+i).0.0/17 (starting at 127.(10+i).1.1) and its service ClusterIPs from 127.(10+i).128.0/17.
/// The hub has no nodes or pods; its ClusterIPs come from 127.9.128.0/17.
/// </summary>
public sealed record AddressPlan(string? PodCidr, string ServiceCidr, int SecondOctet)
{
    /// <summary>The most members the plan has room for (second octets 10..255).</summary>
    public const int MaxMembers = 246;

    public static AddressPlan Hub { get; } = new(null, "127.9.128.0/17", 9);

    /// <summary>The plan of member <paramref name="index"/>; <paramref name="offset"/> shifts the block so sandboxes can run side by side.</summary>
    public static AddressPlan Member(int index, int offset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index + offset, MaxMembers);
        var octet = 10 + offset + index;
        return new AddressPlan(
            string.Create(CultureInfo.InvariantCulture, $"127.{octet}.0.0/17"),
            string.Create(CultureInfo.InvariantCulture, $"127.{octet}.128.0/17"),
            octet);
    }

    /// <summary>The address of node <paramref name="ordinal"/> (1-based).</summary>
    public string NodeAddress(int ordinal) => string.Create(CultureInfo.InvariantCulture, $"127.{SecondOctet}.0.{ordinal}");
}
