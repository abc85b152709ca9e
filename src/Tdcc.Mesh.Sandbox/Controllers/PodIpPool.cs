using System.Net;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// Pod IPs of one cluster: 127.X.1.1 to 127.X.127.254 (the first /24 of the pod range is for nodes), skipping
/// .0 and .255 so addresses look ordinary. Keyed by pod uid, so a restarted kubelet keeps a pod's address.
/// </summary>
internal sealed class PodIpPool
{
    private readonly Lock _gate = new();
    private readonly byte _secondOctet;
    private readonly Dictionary<string, int> _byPod = new(StringComparer.Ordinal);
    private readonly HashSet<int> _used = [];
    private int _next;

    public PodIpPool(byte secondOctet) => _secondOctet = secondOctet;

    /// <summary>How many addresses are held.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _used.Count;
            }
        }
    }

    /// <summary>The pod's address: the one it holds, else the next free one; null when the pool is exhausted.</summary>
    public IPAddress? Allocate(string podUid)
    {
        lock (_gate)
        {
            if (_byPod.TryGetValue(podUid, out var held))
            {
                return ToAddress(held);
            }

            const int size = 127 * 256;
            for (var tried = 0; tried < size; tried++)
            {
                var offset = (_next + tried) % size;
                if ((offset & 0xff) is 0 or 0xff || _used.Contains(offset))
                {
                    continue;
                }

                _next = offset + 1;
                _used.Add(offset);
                _byPod[podUid] = offset;
                return ToAddress(offset);
            }

            return null;
        }
    }

    /// <summary>Claims the address a pod already reports (after a restart); false when it is not ours or held by another pod.</summary>
    public bool Reserve(string podUid, IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (bytes.Length != 4 || bytes[0] != 127 || bytes[1] != _secondOctet || bytes[2] is 0 or > 127)
        {
            return false;
        }

        var offset = ((bytes[2] - 1) << 8) | bytes[3];
        lock (_gate)
        {
            if (_byPod.TryGetValue(podUid, out var held))
            {
                return held == offset;
            }

            if (!_used.Add(offset))
            {
                return false;
            }

            _byPod[podUid] = offset;
            return true;
        }
    }

    public void Release(string podUid)
    {
        lock (_gate)
        {
            if (_byPod.Remove(podUid, out var offset))
            {
                _used.Remove(offset);
            }
        }
    }

    private IPAddress ToAddress(int offset) => new([127, _secondOctet, (byte)((offset >> 8) + 1), (byte)(offset & 0xff)]);
}
