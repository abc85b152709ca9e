using Envoy.Config.Cluster.V3;
using Envoy.Config.Endpoint.V3;
using Google.Protobuf;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Tests.Server;

/// <summary>
/// The delta rules with a shared base and a per-stream overlay (<see cref="KnownVersions"/>) against a reference that
/// keeps a plain name → version dictionary per stream (how the server did it before): the same resources sent and
/// names removed for any sequence of requests and snapshot changes.
/// </summary>
public sealed class DeltaTypeStateTests
{
    private static readonly string[] Names = ["a", "b", "c", "d", "e", "f"];

    [Theory]
    [InlineData(TypeUrls.Cluster)]
    [InlineData(TypeUrls.ClusterLoadAssignment)]
    public void RandomRequestsAndChanges_SameAsPlainDictionary(string typeUrl)
    {
        var random = new Random(typeUrl.Length);
        for (var run = 0; run < 300; run++)
        {
            var state = new DeltaTypeState(typeUrl);
            var reference = new ReferenceDeltaState(TypeUrls.IsFullState(typeUrl));
            ResourceSet? set = random.Next(4) == 0 ? null : RandomSet(typeUrl, random);
            var log = new List<string>();
            for (var step = 0; step < 40; step++)
            {
                if (random.Next(3) == 0)
                {
                    set = set is null ? RandomSet(typeUrl, random) : random.Next(4) == 0 ? set : Change(typeUrl, set, random);
                    log.Add("push " + Describe(set));
                    Compare(state.Push(set), reference.Push(set), log);
                    continue;
                }

                var subscribe = Pick(random);
                var unsubscribe = Pick(random);
                var initial = Pick(random).Distinct().ToDictionary(name => name, name => random.Next(3) == 0 ? "stale" : Version(set, name));
                log.Add($"request +[{string.Join(',', subscribe)}] -[{string.Join(',', unsubscribe)}] initial [{string.Join(',', initial.Select(p => p.Key + "=" + p.Value))}] on {Describe(set)}");
                var outcome = state.Apply(subscribe, unsubscribe, initial, set);
                var respond = reference.Apply(subscribe, unsubscribe, initial, set);
                outcome.Respond.Should().Be(respond, string.Join("\n", log));
                if (respond && set is not null)
                {
                    Compare(state.Sync(set), reference.Sync(set), log);
                }
            }

            state.Known.OverlayCount.Should().BeLessThanOrEqualTo(Names.Length + 1);
        }
    }

    [Fact]
    public void Push_EveryNameKnown_OverlayStaysEmptyAndOnlyTheChangeIsSent()
    {
        var state = new DeltaTypeState(TypeUrls.ClusterLoadAssignment);
        var first = Set(TypeUrls.ClusterLoadAssignment, Names.Select(name => (name, "1")));
        state.Apply(Names, [], [], first);
        state.Sync(first).Resources.Should().HaveCount(Names.Length);

        var second = Set(TypeUrls.ClusterLoadAssignment, Names.Select(name => (name, name == "c" ? "2" : "1")));
        var (resources, removed) = state.Push(second);

        resources.Select(r => r.Name).Should().Equal("c");
        removed.Should().BeEmpty();
        state.Known.OverlayCount.Should().Be(0, "what the client has is the shared set itself");
        state.Known.Base.Should().BeSameAs(second);
    }

    private static void Compare((List<XdsResource> Resources, List<string> Removed) actual, (List<XdsResource> Resources, List<string> Removed) expected, List<string> log)
    {
        var because = string.Join("\n", log);
        actual.Resources.Select(r => r.Name + "@" + r.Version).Should().BeEquivalentTo(expected.Resources.Select(r => r.Name + "@" + r.Version), because);
        actual.Removed.Should().BeEquivalentTo(expected.Removed, because);
    }

    private static string[] Pick(Random random)
    {
        var names = new List<string>();
        if (random.Next(3) == 0)
        {
            return [];
        }

        for (var i = random.Next(1, 4); i > 0; i--)
        {
            names.Add(random.Next(8) == 0 ? Subscription.WildcardName : Names[random.Next(Names.Length)]);
        }

        return [.. names];
    }

    private static string Version(ResourceSet? set, string name) =>
        set is not null && set.Items.TryGetValue(name, out var resource) ? resource.Version : "unknown";

    private static string Describe(ResourceSet? set) =>
        set is null ? "(no snapshot)" : "{" + string.Join(',', set.Items.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.Name + "@" + r.Version[..4])) + "}";

    private static ResourceSet RandomSet(string typeUrl, Random random) =>
        Set(typeUrl, Names.Where(_ => random.Next(3) != 0).Select(name => (name, random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>A next set: some names go, some come, some change, and unchanged ones may be the very same resource (as snapshots share them).</summary>
    private static ResourceSet Change(string typeUrl, ResourceSet set, Random random)
    {
        var next = new List<XdsResource>();
        foreach (var name in Names)
        {
            var has = set.Items.TryGetValue(name, out var current);
            if (has ? random.Next(5) == 0 : random.Next(4) != 0)
            {
                continue;
            }

            next.Add(has && random.Next(2) == 0
                ? current!
                : XdsResource.Create(Message(typeUrl, name, random.Next(3).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }

        return Snapshot.Create(next).Get(typeUrl);
    }

    private static ResourceSet Set(string typeUrl, IEnumerable<(string Name, string Variant)> items) =>
        Snapshot.Create(items.Select(item => Message(typeUrl, item.Name, item.Variant))).Get(typeUrl);

    private static IMessage Message(string typeUrl, string name, string variant) => typeUrl == TypeUrls.Cluster
        ? new Cluster { Name = name, AltStatName = variant }
        : new ClusterLoadAssignment { ClusterName = name, Endpoints = { new LocalityLbEndpoints { Priority = uint.Parse(variant, System.Globalization.CultureInfo.InvariantCulture) } } };

    /// <summary>The rules as the server applied them with a plain dictionary of what each stream's client has.</summary>
    private sealed class ReferenceDeltaState(bool legacyWildcardAllowed)
    {
        private const string Absent = "";
        private readonly Subscription _subscription = new(legacyWildcardAllowed);
        private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);
        private readonly HashSet<string> _pendingRemoved = new(StringComparer.Ordinal);
        private ResourceSet? _diffed;
        private bool _requested;

        public bool Apply(IReadOnlyList<string> subscribe, IReadOnlyList<string> unsubscribe, IReadOnlyDictionary<string, string> initial, ResourceSet? set)
        {
            var first = !_requested;
            _requested = true;
            if (first)
            {
                foreach (var (name, version) in initial)
                {
                    _known[name] = version;
                }
            }

            var change = _subscription.ApplyDelta(subscribe, unsubscribe, first);
            if (first || change.Subscribed.Count > 0 || change.Unsubscribed.Count > 0 || change.WildcardAdded || change.WildcardRemoved)
            {
                _diffed = null;
            }

            if (!first)
            {
                foreach (var name in change.Subscribed)
                {
                    _known.Remove(name);
                }
            }

            foreach (var name in change.Unsubscribed)
            {
                _known.Remove(name);
                if (_subscription.Wildcard && set is not null && !set.Items.ContainsKey(name))
                {
                    _pendingRemoved.Add(name);
                }
            }

            if (change.WildcardRemoved)
            {
                foreach (var name in _known.Keys.Where(name => !_subscription.Names.Contains(name)).ToList())
                {
                    _known.Remove(name);
                }
            }

            return first || change.Subscribed.Count > 0 || change.WildcardAdded || _pendingRemoved.Count > 0
                || (change.Unsubscribed.Count > 0 && _subscription.Wildcard);
        }

        public (List<XdsResource> Resources, List<string> Removed) Sync(ResourceSet set)
        {
            var result = Diff(set);
            _diffed = set;
            return result;
        }

        public (List<XdsResource> Resources, List<string> Removed) Push(ResourceSet set)
        {
            if (!_requested)
            {
                return ([], []);
            }

            var result = _diffed is { } previous && _pendingRemoved.Count == 0 ? DiffFrom(previous, set) : Diff(set);
            _diffed = set;
            return result;
        }

        private (List<XdsResource> Resources, List<string> Removed) DiffFrom(ResourceSet previous, ResourceSet set)
        {
            var resources = new List<XdsResource>();
            var removed = new List<string>();
            if (ReferenceEquals(previous, set))
            {
                return (resources, removed);
            }

            foreach (var resource in set.Items.Values)
            {
                var changed = !previous.Items.TryGetValue(resource.Name, out var old) || old.Version != resource.Version;
                if (changed && _subscription.Includes(resource.Name) && (!_known.TryGetValue(resource.Name, out var known) || known != resource.Version))
                {
                    _known[resource.Name] = resource.Version;
                    resources.Add(resource);
                }
            }

            foreach (var name in previous.Items.Keys.Where(name => !set.Items.ContainsKey(name)))
            {
                if (_subscription.Names.Contains(name))
                {
                    if (!_known.TryGetValue(name, out var version) || version != Absent)
                    {
                        _known[name] = Absent;
                        removed.Add(name);
                    }
                }
                else if (_subscription.Wildcard && _known.Remove(name))
                {
                    removed.Add(name);
                }
            }

            return (resources, removed);
        }

        private (List<XdsResource> Resources, List<string> Removed) Diff(ResourceSet set)
        {
            var resources = new List<XdsResource>();
            var removed = new List<string>();
            if (_subscription.Wildcard)
            {
                foreach (var resource in set.Items.Values)
                {
                    SendIfNewer(resource);
                }

                foreach (var name in _known.Keys.Where(name => !set.Items.ContainsKey(name) && !_subscription.Names.Contains(name)).ToList())
                {
                    _known.Remove(name);
                    removed.Add(name);
                }
            }

            foreach (var name in _subscription.Names)
            {
                if (set.Items.TryGetValue(name, out var resource))
                {
                    if (!_subscription.Wildcard)
                    {
                        SendIfNewer(resource);
                    }
                }
                else if (!_known.TryGetValue(name, out var version) || version != Absent)
                {
                    _known[name] = Absent;
                    removed.Add(name);
                }
            }

            foreach (var name in _pendingRemoved)
            {
                if (!removed.Contains(name))
                {
                    removed.Add(name);
                }
            }

            _pendingRemoved.Clear();
            return (resources, removed);

            void SendIfNewer(XdsResource resource)
            {
                if (!_known.TryGetValue(resource.Name, out var known) || known != resource.Version)
                {
                    _known[resource.Name] = resource.Version;
                    resources.Add(resource);
                }
            }
        }
    }
}
