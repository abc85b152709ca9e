using System.Diagnostics.CodeAnalysis;
using Tdcc.Mesh.Xds.Cache;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// What the client of one delta stream has of one type: per name the version it holds, <see cref="Absent"/> when it
/// was told the name does not exist, or nothing.
/// <para>
/// Stored as a shared base plus a per-stream overlay. The base is the resource set the stream was last brought up to
/// date with (<see cref="Rebase"/>): an immutable set of the group's snapshot that every stream of the group shares.
/// It speaks for the names it holds that the subscription covered then (all of them for a wildcard; otherwise those
/// still subscribed). The overlay holds only where the client differs: versions seeded by initial_resource_versions,
/// <see cref="Absent"/> markers, versions of names the base does not speak for, and masks for names removed from
/// the client. So 5,000 streams of a group hold one set of a thousand versions between them, not one each, and a
/// push costs each stream the size of the change (the diff between two sets is computed once and shared).
/// </para>
/// </summary>
internal sealed class KnownVersions(Subscription subscription)
{
    /// <summary>The version recorded for a name the client was told does not exist.</summary>
    public const string Absent = "";

    private ResourceSet? _base;

    // The subscription was a wildcard at the last rebase: the base speaks for all its names.
    private bool _baseWildcard;

    // Name → the version the client has (or Absent); a null version masks a name the base would speak for.
    private Dictionary<string, string?>? _overlay;

    /// <summary>The set the client was last brought up to date with, or null.</summary>
    public ResourceSet? Base => _base;

    /// <summary>How many names the stream records on its own (for tests and diagnostics).</summary>
    public int OverlayCount => _overlay?.Count ?? 0;

    /// <summary>The version the client has of <paramref name="name"/> (possibly <see cref="Absent"/>); false when it has nothing.</summary>
    public bool TryGet(string name, [NotNullWhen(true)] out string? version)
    {
        if (_overlay is not null && _overlay.TryGetValue(name, out var own))
        {
            version = own;
            return own is not null;
        }

        version = BaseVersion(name);
        return version is not null;
    }

    /// <summary>Records that the client has <paramref name="version"/> of <paramref name="name"/>.</summary>
    public void Set(string name, string version)
    {
        if (string.Equals(BaseVersion(name), version, StringComparison.Ordinal))
        {
            _overlay?.Remove(name);
            return;
        }

        (_overlay ??= new Dictionary<string, string?>(StringComparer.Ordinal))[name] = version;
    }

    /// <summary>Forgets what the client has of <paramref name="name"/>; true when it had something (a version or <see cref="Absent"/>).</summary>
    public bool Remove(string name)
    {
        var had = TryGet(name, out _);
        if (BaseVersion(name) is not null)
        {
            (_overlay ??= new Dictionary<string, string?>(StringComparer.Ordinal))[name] = null;
        }
        else
        {
            _overlay?.Remove(name);
        }

        return had;
    }

    /// <summary>Every name the client has something of.</summary>
    public IEnumerable<string> Names()
    {
        if (_overlay is not null)
        {
            foreach (var (name, version) in _overlay)
            {
                if (version is not null)
                {
                    yield return name;
                }
            }
        }

        if (_base is not null)
        {
            foreach (var name in _base.Items.Keys)
            {
                if (Covered(name) && (_overlay is null || !_overlay.ContainsKey(name)))
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>The wildcard was unsubscribed: forget every name that is not subscribed by name.</summary>
    public void WildcardRemoved()
    {
        _baseWildcard = false;
        if (_overlay is null)
        {
            return;
        }

        foreach (var name in _overlay.Keys.Where(name => !subscription.Names.Contains(name)).ToList())
        {
            _overlay.Remove(name);
        }
    }

    /// <summary>
    /// Makes <paramref name="set"/> the base, once the client has been brought up to date with it: for every name of
    /// the set the subscription covers, the client now has the set's version (sent, or already had). Only the
    /// exceptions stay in the overlay.
    /// </summary>
    public void Rebase(ResourceSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        _base = set;
        _baseWildcard = subscription.Wildcard;
        if (_overlay is null)
        {
            return;
        }

        List<string>? redundant = null;
        foreach (var (name, version) in _overlay)
        {
            // The base now speaks for a covered name of the set; a mask of nothing masks nothing.
            if ((Covered(name) && set.Items.ContainsKey(name)) || version is null)
            {
                (redundant ??= []).Add(name);
            }
        }

        if (redundant is not null)
        {
            foreach (var name in redundant)
            {
                _overlay.Remove(name);
            }
        }

        if (_overlay.Count == 0)
        {
            _overlay = null;
        }
    }

    private bool Covered(string name) => _baseWildcard || subscription.Names.Contains(name);

    private string? BaseVersion(string name) =>
        _base is not null && _base.Items.TryGetValue(name, out var resource) && Covered(name) ? resource.Version : null;
}
