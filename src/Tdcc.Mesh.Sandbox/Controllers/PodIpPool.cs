using System.Net;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// Pod IPs of one cluster: the plan's pod range (from the second /24 of the block, the first is for nodes), skipping
/// .0 and .255 so addresses look ordinary. Keyed by pod uid, so a restarted kubelet keeps a pod's address.
/// </summary>
internal sealed class PodIpPool
{
    private readonly Lock _gate = new();
    private readonly uint _first;
    private readonly int _size;
    private readonly Dictionary<string, int> _byPod = new(StringComparer.Ordinal);
    private readonly HashSet<int> _used = [];
    private int _next;

    public PodIpPool(AddressPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var (first, last) = plan.PodRange;
        _first = first;
        _size = (int)(last - first + 1);
    }

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

            for (var tried = 0; tried < _size; tried++)
            {
                var offset = (_next + tried) % _size;
                if (((_first + (uint)offset) & 0xff) is 0 or 0xff || _used.Contains(offset))
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
        var value = AddressPlan.FromAddress(address);
        if (value < _first || value >= _first + (uint)_size)
        {
            return false;
        }

        var offset = (int)(value - _first);
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

    private IPAddress ToAddress(int offset) => AddressPlan.ToAddress(_first + (uint)offset);
}
