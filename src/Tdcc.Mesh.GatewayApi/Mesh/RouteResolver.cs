using System.Globalization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.MeshModel;

namespace Tdcc.Mesh.GatewayApi.Mesh;

/// <summary>
/// Resolves GAMMA producer routes against the clusterset services: which parents take which route, the rules of every
/// service port (merged across routes and ordered by Gateway API precedence) and the status conditions of every route
/// and mesh parent. Pure and deterministic.
/// </summary>
/// <remarks>
/// A mesh parent is a <c>ServiceImport</c> of <c>multicluster.x-k8s.io</c> or a core <c>Service</c> (group <c>""</c> or
/// <c>core</c>), both meaning the clusterset service of that namespace and name; other parents (Gateways) are left to
/// their controllers and get no entry. Only producer routes (in the parent's namespace) are taken. A parentRef without
/// port or sectionName attaches to every port. GRPCRoutes and HTTPRoutes do not merge: on a port that both name, the
/// kind of the oldest route wins. Backends must be Services or ServiceImports of the clusterset in the route's
/// namespace; the others are left out of the rule and reported in ResolvedRefs.
/// </remarks>
public static class RouteResolver
{
    /// <summary>Resolves <paramref name="grpcRoutes"/> and <paramref name="httpRoutes"/> against <paramref name="services"/>.</summary>
    public static RouteResolution Resolve(IEnumerable<GrpcRoute> grpcRoutes, IEnumerable<HttpRoute> httpRoutes, IEnumerable<ClusterSetService> services)
    {
        ArgumentNullException.ThrowIfNull(grpcRoutes);
        ArgumentNullException.ThrowIfNull(httpRoutes);
        ArgumentNullException.ThrowIfNull(services);
        var catalog = new Dictionary<ServiceId, ClusterSetService>();
        foreach (var service in services)
        {
            catalog.TryAdd(new ServiceId(service.Namespace, service.Name), service);
        }

        var states = grpcRoutes.Select(GrpcRouteReader.Read).Concat(httpRoutes.Select(HttpRouteReader.Read)).Select(r => new RouteState(r)).ToList();
        foreach (var state in states)
        {
            Attach(state, catalog);
        }

        var ports = states
            .SelectMany(s => s.Parents.SelectMany(p => p.Ports.Select(port => (Key: (p.Service!.Value, port), State: s, Parent: p))))
            .GroupBy(a => a.Key)
            .ToList();
        var rulesByService = new SortedDictionary<ServiceId, SortedDictionary<int, PortRoutesModel>>(Comparer<ServiceId>.Create((a, b) => string.CompareOrdinal(a.ToString(), b.ToString())));
        foreach (var group in ports)
        {
            var (service, port) = group.Key;
            var routes = group.Select(a => a.State).Distinct().OrderBy(s => s, RouteAge.Instance).ToList();
            var winner = routes[0].Route.Id.Kind;
            foreach (var lost in group.Where(a => a.State.Route.Id.Kind != winner))
            {
                lost.Parent.Lost[port] = routes[0].Route.Id;
            }

            var rules = routes
                .Where(s => s.Route.Id.Kind == winner)
                .SelectMany(s => s.Route.Matches.Select(m => (State: s, Match: m)))
                .OrderBy(e => e, MatchOrder.Instance)
                .Select(e => ToRule(e.State, e.Match, port, catalog))
                .ToList();
            if (!rulesByService.TryGetValue(service, out var byPort))
            {
                rulesByService[service] = byPort = [];
            }

            byPort[port] = new PortRoutesModel(port, rules);
        }

        var verdicts = states.Select(s => Verdict(s, catalog)).ToList();
        return new RouteResolution(
            rulesByService.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<PortRoutesModel>)[.. kv.Value.Values]),
            verdicts);
    }

    private static void Attach(RouteState state, Dictionary<ServiceId, ClusterSetService> catalog)
    {
        var route = state.Route;
        foreach (var parentRef in route.ParentRefs)
        {
            if (MeshKind(parentRef.Group ?? GatewayApiGroups.Gateway, parentRef.Kind ?? GatewayApiGroups.GatewayKind) is not { } kind)
            {
                continue;
            }

            var ns = parentRef.Namespace ?? route.Id.Namespace;
            var parent = new ParentState(parentRef, $"{kind} {ns}/{parentRef.Name}");
            state.Parents.Add(parent);
            if (ns != route.Id.Namespace)
            {
                parent.Rejection = Reject(RouteConditions.Reasons.UnsupportedValue, $"{parent.Describe} is in namespace {ns} and the route in {route.Id.Namespace}: consumer routes are not supported yet; create the route in namespace {ns} (a producer route)");
                continue;
            }

            if (!catalog.TryGetValue(new ServiceId(ns, parentRef.Name), out var service))
            {
                parent.Rejection = Reject(RouteConditions.Reasons.NoMatchingParent, $"{parent.Describe} is not a clusterset service (no ServiceImport {ns}/{parentRef.Name} on the hub)");
                continue;
            }

            var ports = service.Ports
                .Where(p => parentRef.Port is not { } wanted || p.Port == wanted)
                .Where(p => parentRef.SectionName is not { } section || string.Equals(p.Name, section, StringComparison.Ordinal))
                .Select(p => p.Port)
                .Distinct()
                .Order()
                .ToList();
            if (ports.Count == 0)
            {
                var what = (parentRef.Port, parentRef.SectionName) switch
                {
                    ({ } p, { } s) => $"port {p} named {s}",
                    ({ } p, null) => $"port {p}",
                    (null, { } s) => $"port named {s}",
                    _ => "ports",
                };
                parent.Rejection = Reject(RouteConditions.Reasons.NoMatchingParent, $"{parent.Describe} has no {what} (it has {Ports(service.Ports.Select(p => p.Port))})");
                continue;
            }

            if (route.Unsupported.Count > 0)
            {
                parent.Rejection = Reject(RouteConditions.Reasons.UnsupportedValue, string.Join("; ", route.Unsupported));
                continue;
            }

            parent.Service = new ServiceId(ns, parentRef.Name);
            parent.Ports.AddRange(ports);
        }
    }

    private static RouteRuleModel ToRule(RouteState state, MeshRouteMatch match, int port, Dictionary<ServiceId, ClusterSetService> catalog)
    {
        var rule = match.Rule;
        var several = state.Route.Matches.Count(m => ReferenceEquals(m.Rule, rule)) > 1;
        var name = several ? $"{rule.Name} match {match.Index.ToString(CultureInfo.InvariantCulture)}" : rule.Name;
        return new RouteRuleModel(name, match.Alternatives, Backends(state, rule, port, catalog), rule.Timeout);
    }

    /// <summary>The valid backends of <paramref name="rule"/> for a parent port (null: only check what does not depend on it); problems go to the route's state.</summary>
    private static List<RouteBackendModel> Backends(RouteState state, MeshRouteRule rule, int? parentPort, Dictionary<ServiceId, ClusterSetService> catalog)
    {
        var models = new List<RouteBackendModel>();
        var routeNs = state.Route.Id.Namespace;
        for (var i = 0; i < rule.Backends.Count; i++)
        {
            var backend = rule.Backends[i];
            var at = $"spec.rules[{rule.Index.ToString(CultureInfo.InvariantCulture)}].backendRefs[{i.ToString(CultureInfo.InvariantCulture)}]";
            var group = backend.Group ?? GatewayApiGroups.Core;
            var kind = backend.Kind ?? GatewayApiGroups.ServiceKind;
            if (MeshKind(group, kind) is null)
            {
                state.Problem(RouteConditions.Reasons.InvalidKind, $"{at}: {kind} of group '{group}' is not a backend the mesh can send to (Service or ServiceImport)");
                continue;
            }

            var ns = backend.Namespace ?? routeNs;
            if (ns != routeNs)
            {
                state.Problem(RouteConditions.Reasons.RefNotPermitted, $"{at}: {kind} {ns}/{backend.Name} is in another namespace than the route; cross-namespace backends need a ReferenceGrant, which the mesh does not support yet");
                continue;
            }

            if (!catalog.TryGetValue(new ServiceId(ns, backend.Name), out var service))
            {
                state.Problem(RouteConditions.Reasons.BackendNotFound, $"{at}: {kind} {ns}/{backend.Name} is not a clusterset service");
                continue;
            }

            if ((backend.Port ?? parentPort) is not { } port)
            {
                continue;
            }

            if (!service.Ports.Any(p => p.Port == port))
            {
                state.Problem(RouteConditions.Reasons.BackendNotFound, $"{at}: {kind} {ns}/{backend.Name} has no port {port.ToString(CultureInfo.InvariantCulture)}");
                continue;
            }

            models.Add(new RouteBackendModel(ns, backend.Name, port, (uint)Math.Max(0, backend.Weight ?? 1)));
        }

        return models;
    }

    private static RouteVerdict Verdict(RouteState state, Dictionary<ServiceId, ClusterSetService> catalog)
    {
        foreach (var rule in state.Route.Rules)
        {
            Backends(state, rule, null, catalog);
        }

        var generation = state.Route.Generation;
        var resolved = state.Problems.Count == 0
            ? new Condition { Type = RouteConditions.ResolvedRefs, Status = ConditionSet.True, Reason = RouteConditions.Reasons.ResolvedRefs, Message = "every backend is a clusterset service", ObservedGeneration = generation }
            : new Condition { Type = RouteConditions.ResolvedRefs, Status = ConditionSet.False, Reason = state.Problems[0].Reason, Message = string.Join("; ", state.Problems.Select(p => p.Message)), ObservedGeneration = generation };
        var parents = state.Parents.Select(p => new ParentVerdict(p.Ref, [Accepted(state, p) with { ObservedGeneration = generation }, resolved])).ToList();
        return new RouteVerdict(state.Route.Id, generation, parents);
    }

    private static Condition Accepted(RouteState state, ParentState parent)
    {
        if (parent.Rejection is { } rejection)
        {
            return rejection;
        }

        var kept = parent.Ports.Where(p => !parent.Lost.ContainsKey(p)).ToList();
        var other = state.Route.Id.Kind == GatewayApiGroups.GrpcRouteKind ? GatewayApiGroups.HttpRouteKind : GatewayApiGroups.GrpcRouteKind;
        if (kept.Count == 0)
        {
            var holder = parent.Lost.Values.First();
            return Reject(RouteConditions.Reasons.NotAllowedByListeners, $"{Ports(parent.Ports)} of {parent.Describe} already carry {holder}, which is older; GRPCRoutes and HTTPRoutes do not merge on one port");
        }

        var message = $"attached to {Ports(kept)} of {parent.Describe}";
        if (parent.Lost.Count > 0)
        {
            message += $"; not to {Ports(parent.Lost.Keys)}, which carry an older {other}";
        }

        return new Condition { Type = RouteConditions.Accepted, Status = ConditionSet.True, Reason = RouteConditions.Reasons.Accepted, Message = message };
    }

    private static Condition Reject(string reason, string message) =>
        new() { Type = RouteConditions.Accepted, Status = ConditionSet.False, Reason = reason, Message = message };

    private static string Ports(IEnumerable<int> ports)
    {
        var list = ports.Order().Select(p => p.ToString(CultureInfo.InvariantCulture)).ToList();
        return (list.Count == 1 ? "port " : "ports ") + string.Join(", ", list);
    }

    /// <summary>The kind a mesh parent or backend of this group and kind stands for, or null when it is not one.</summary>
    private static string? MeshKind(string group, string kind) => (group, kind) switch
    {
        (GatewayApiGroups.Multicluster, GatewayApiGroups.ServiceImportKind) => GatewayApiGroups.ServiceImportKind,
        (GatewayApiGroups.Core or "core", GatewayApiGroups.ServiceKind) => GatewayApiGroups.ServiceKind,
        _ => null,
    };

    private sealed class RouteState(MeshRoute route)
    {
        private readonly HashSet<string> _messages = new(StringComparer.Ordinal);

        public MeshRoute Route { get; } = route;

        public List<ParentState> Parents { get; } = [];

        public List<(string Reason, string Message)> Problems { get; } = [];

        public void Problem(string reason, string message)
        {
            if (_messages.Add(message))
            {
                Problems.Add((reason, message));
            }
        }
    }

    private sealed class ParentState(ParentReference parentRef, string describe)
    {
        public ParentReference Ref { get; } = parentRef;

        public string Describe { get; } = describe;

        public Condition? Rejection { get; set; }

        public ServiceId? Service { get; set; }

        public List<int> Ports { get; } = [];

        /// <summary>Ports where routes of the other kind won, and the oldest of them.</summary>
        public Dictionary<int, RouteId> Lost { get; } = [];
    }

    /// <summary>Oldest route first (no creation timestamp counts as newest), then namespace/name, then kind.</summary>
    private sealed class RouteAge : IComparer<RouteState>
    {
        public static readonly RouteAge Instance = new();

        public int Compare(RouteState? x, RouteState? y)
        {
            ArgumentNullException.ThrowIfNull(x);
            ArgumentNullException.ThrowIfNull(y);
            var c = (x.Route.Created ?? DateTimeOffset.MaxValue).CompareTo(y.Route.Created ?? DateTimeOffset.MaxValue);
            if (c != 0)
            {
                return c;
            }

            c = string.CompareOrdinal($"{x.Route.Id.Namespace}/{x.Route.Id.Name}", $"{y.Route.Id.Namespace}/{y.Route.Id.Name}");
            return c != 0 ? c : string.CompareOrdinal(x.Route.Id.Kind, y.Route.Id.Kind);
        }
    }

    /// <summary>Match precedence, then the older route, then namespace/name, then rule and match order.</summary>
    private sealed class MatchOrder : IComparer<(RouteState State, MeshRouteMatch Match)>
    {
        public static readonly MatchOrder Instance = new();

        public int Compare((RouteState State, MeshRouteMatch Match) x, (RouteState State, MeshRouteMatch Match) y)
        {
            var c = MatchRanks.Compare(x.Match.Rank, y.Match.Rank);
            if (c != 0)
            {
                return c;
            }

            c = RouteAge.Instance.Compare(x.State, y.State);
            if (c != 0)
            {
                return c;
            }

            c = x.Match.Rule.Index.CompareTo(y.Match.Rule.Index);
            return c != 0 ? c : x.Match.Index.CompareTo(y.Match.Index);
        }
    }
}
