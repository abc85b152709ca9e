using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>
/// Hands out service ClusterIPs from one IPv4 CIDR, as kube-apiserver's allocator does: the network and broadcast
/// addresses are never given, a requested free address is honoured, and the set of used addresses is rebuilt from
/// storage (<see cref="Rebuild"/>) rather than persisted. Not thread-safe: the caller serializes access.
/// </summary>
internal sealed class ServiceIpAllocator
{
    private readonly uint _network;
    private readonly uint _size;
    private readonly HashSet<uint> _used = [];
    private uint _next;

    public ServiceIpAllocator(string cidr)
    {
        ArgumentException.ThrowIfNullOrEmpty(cidr);
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var address)
            || address.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix)
            || prefix is < 8 or > 30)
        {
            throw new ArgumentException($"'{cidr}' is not an IPv4 CIDR with a prefix between /8 and /30", nameof(cidr));
        }

        _size = 1u << (32 - prefix);
        _network = ToNumber(address) & ~(_size - 1);
        Cidr = string.Create(CultureInfo.InvariantCulture, $"{ToAddress(_network)}/{prefix}");

        // kube-apiserver keeps the first address for the `kubernetes` service; start after a few so they stay recognisable.
        _next = _size > 64 ? 10u : 1u;
    }

    /// <summary>The range, normalized (host bits cleared).</summary>
    public string Cidr { get; }

    /// <summary>True once <see cref="Rebuild"/> has run.</summary>
    public bool Loaded { get; private set; }

    /// <summary>Replaces the used set with the addresses stored services hold.</summary>
    public void Rebuild(IEnumerable<string> inUse)
    {
        ArgumentNullException.ThrowIfNull(inUse);
        _used.Clear();
        foreach (var ip in inUse)
        {
            if (TryOffset(ip, out var offset))
            {
                _used.Add(offset);
            }
        }

        Loaded = true;
    }

    /// <summary>Whether <paramref name="ip"/> is a usable address of the range.</summary>
    public bool InRange(string ip) => TryOffset(ip, out _);

    /// <summary>Whether <paramref name="ip"/> is held by a service.</summary>
    public bool IsAllocated(string ip) => TryOffset(ip, out var offset) && _used.Contains(offset);

    /// <summary>The next free address, or null when the range is full. Nothing is reserved.</summary>
    public string? NextFree()
    {
        var usable = _size - 2;
        for (uint tried = 0; tried < usable; tried++)
        {
            var offset = _next + tried;
            if (offset >= _size - 1)
            {
                offset = 1 + ((offset - 1) % usable);
            }

            if (!_used.Contains(offset))
            {
                return ToAddress(_network + offset).ToString();
            }
        }

        return null;
    }

    /// <summary>Marks an in-range address as used.</summary>
    public void Reserve(string ip)
    {
        if (TryOffset(ip, out var offset))
        {
            _used.Add(offset);
            _next = offset + 1 >= _size - 1 ? 1 : offset + 1;
        }
    }

    /// <summary>Frees an address.</summary>
    public void Release(string ip)
    {
        if (TryOffset(ip, out var offset))
        {
            _used.Remove(offset);
        }
    }

    private bool TryOffset(string ip, out uint offset)
    {
        offset = 0;
        if (!IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }

        var number = ToNumber(address);
        if ((number & ~(_size - 1)) != _network)
        {
            return false;
        }

        offset = number - _network;
        return offset != 0 && offset != _size - 1;
    }

    private static uint ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static IPAddress ToAddress(uint number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }
}
