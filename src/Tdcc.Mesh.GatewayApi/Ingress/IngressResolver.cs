using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// Resolves one cluster's Gateway API objects for ingress (docs/ingress.md): GatewayClasses naming our controller are
/// accepted; their Gateways' listeners are checked (protocol, TLS certificates, route kinds, conflicts on a port across
/// every Gateway we serve); HTTPRoutes and GRPCRoutes attach to the listeners their parentRefs, namespaces, kinds and
/// hostnames allow; the rules of each listener are ordered by the Gateway API's precedence; and every status is
/// computed. Pure: the same inputs give the same result.
/// </summary>
public static class IngressResolver
{
    private static readonly string[] HttpKinds = [GatewayApiGroups.HttpRouteKind, GatewayApiGroups.GrpcRouteKind];

    public static IngressResolution Resolve(IngressInputs inputs, IngressControllerOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(options);
        var grants = new ReferenceGrants(inputs.ReferenceGrants);
        var backends = new BackendResolver(inputs, grants);
        var secrets = inputs.Secrets.GroupBy(s => (s.Metadata.Namespace ?? string.Empty, s.Metadata.Name ?? string.Empty)).ToDictionary(g => g.Key, g => g.First());
        var namespaces = inputs.Namespaces.GroupBy(n => n.Metadata.Name ?? string.Empty).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        // GatewayClasses.
        var classes = inputs.GatewayClasses.Where(c => c.Spec?.ControllerName == options.ControllerName).ToList();
        var acceptedClasses = new HashSet<string>(StringComparer.Ordinal);
        var classUpdates = new List<GatewayClass>();
        foreach (var gatewayClass in classes)
        {
            var generation = gatewayClass.Metadata.Generation;
            var accepted = gatewayClass.Spec!.ParametersRef is null
                ? Condition(GatewayConditions.Accepted, true, GatewayConditions.Reasons.Accepted, $"Gateways of this class are served by {options.ControllerName}", generation)
                : Condition(GatewayConditions.Accepted, false, GatewayConditions.Reasons.InvalidParameters, "parametersRef is not supported: this controller reads no parameters", generation);
            if (accepted.Status == ConditionSet.True)
            {
                acceptedClasses.Add(gatewayClass.Metadata.Name ?? string.Empty);
            }

            var status = gatewayClass.Status ?? new GatewayClassStatus();
            var merged = status with { Conditions = Merge(status.Conditions, [accepted], now) };
            if (IngressStatusJson.Differs(gatewayClass.Status, merged))
            {
                classUpdates.Add(gatewayClass with { Status = merged });
            }
        }

        // Gateways and their listeners.
        var ourClasses = classes.Select(c => c.Metadata.Name ?? string.Empty).ToHashSet(StringComparer.Ordinal);
        var gateways = inputs.Gateways
            .Where(g => g.Spec is { } spec && ourClasses.Contains(spec.GatewayClassName))
            .OrderBy(g => g.Metadata.CreationTimestamp ?? DateTimeOffset.MaxValue)
            .ThenBy(g => g.Metadata.Namespace, StringComparer.Ordinal)
            .ThenBy(g => g.Metadata.Name, StringComparer.Ordinal)
            .ToList();
        var gatewayVerdicts = new Dictionary<(string, string), (Gateway Gateway, Condition? NotAccepted, List<ListenerState> Listeners)>();
        var allListeners = new List<ListenerState>();
        foreach (var gateway in gateways)
        {
            Condition? notAccepted = null;
            if (!acceptedClasses.Contains(gateway.Spec!.GatewayClassName))
            {
                notAccepted = Condition(GatewayConditions.Accepted, false, GatewayConditions.Reasons.Invalid, $"GatewayClass {gateway.Spec.GatewayClassName} is not accepted", gateway.Metadata.Generation);
            }
            else if ((gateway.Spec.Addresses ?? []).Length > 0)
            {
                notAccepted = Condition(GatewayConditions.Accepted, false, GatewayConditions.Reasons.UnsupportedAddress, "spec.addresses is not supported: the gateway reports the addresses it was started with", gateway.Metadata.Generation);
            }

            var listeners = new List<ListenerState>();
            for (var i = 0; i < gateway.Spec.Listeners.Length; i++)
            {
                var state = new ListenerState(gateway, gateway.Spec.Listeners[i], i) { GatewayAccepted = notAccepted is null };
                CheckListener(state, grants, secrets);
                listeners.Add(state);
            }

            gatewayVerdicts[(gateway.Metadata.Namespace ?? string.Empty, gateway.Metadata.Name ?? string.Empty)] = (gateway, notAccepted, listeners);
            allListeners.AddRange(listeners);
        }

        FindConflicts(allListeners);

        // Routes.
        var httpUpdates = new List<HttpRoute>();
        var grpcUpdates = new List<GrpcRoute>();
        foreach (var route in inputs.HttpRoutes)
        {
            var read = IngressRouteReader.Read(route, backends);
            var parents = Attach(read, gatewayVerdicts, namespaces, options.ControllerName);
            if (MergeRoute(route.Status, parents, options.ControllerName, now) is { } status)
            {
                httpUpdates.Add(route with { Status = status });
            }
        }

        foreach (var route in inputs.GrpcRoutes)
        {
            var read = IngressRouteReader.Read(route, backends);
            var parents = Attach(read, gatewayVerdicts, namespaces, options.ControllerName);
            if (MergeRoute(route.Status, parents, options.ControllerName, now) is { } status)
            {
                grpcUpdates.Add(route with { Status = status });
            }
        }

        // Gateway statuses.
        var gatewayUpdates = new List<Gateway>();
        foreach (var (gateway, notAccepted, listeners) in gatewayVerdicts.Values)
        {
            var status = GatewayStatusOf(gateway, notAccepted, listeners, options, now);
            if (IngressStatusJson.Differs(gateway.Status, status))
            {
                gatewayUpdates.Add(gateway with { Status = status });
            }
        }

        var configuration = Configuration(allListeners);
        return new IngressResolution(configuration, classUpdates, gatewayUpdates, httpUpdates, grpcUpdates);
    }

    private static void CheckListener(ListenerState state, ReferenceGrants grants, Dictionary<(string, string), Secret> secrets)
    {
        var listener = state.Listener;
        switch (listener.Protocol)
        {
            case "HTTP":
                state.Protocol = IngressProtocol.Http;
                break;
            case "HTTPS":
                state.Protocol = IngressProtocol.Https;
                if ((listener.Tls?.Mode ?? "Terminate") != "Terminate")
                {
                    state.NotAccepted = $"tls.mode {listener.Tls!.Mode} is not supported with HTTPS (Terminate)";
                }

                break;
            default:
                state.NotAccepted = $"protocol {listener.Protocol} is not supported (HTTP or HTTPS)";
                return;
        }

        var kinds = listener.AllowedRoutes?.Kinds ?? [];
        if (kinds.IsEmpty)
        {
            state.SupportedKinds.AddRange(HttpKinds.Select(k => new RouteGroupKind { Group = GatewayApiGroups.Gateway, Kind = k }));
        }
        else
        {
            foreach (var kind in kinds)
            {
                if ((kind.Group ?? GatewayApiGroups.Gateway) == GatewayApiGroups.Gateway && HttpKinds.Contains(kind.Kind))
                {
                    if (!state.SupportedKinds.Any(k => k.Kind == kind.Kind))
                    {
                        state.SupportedKinds.Add(new RouteGroupKind { Group = GatewayApiGroups.Gateway, Kind = kind.Kind });
                    }
                }
                else
                {
                    state.Unresolved ??= (GatewayConditions.Reasons.InvalidRouteKinds, $"route kind {kind.Kind} of group '{kind.Group}' is not supported on {listener.Protocol} listeners (HTTPRoute, GRPCRoute)");
                }
            }
        }

        if (state.Protocol == IngressProtocol.Https)
        {
            CheckCertificates(state, grants, secrets);
        }
    }

    private static void CheckCertificates(ListenerState state, ReferenceGrants grants, Dictionary<(string, string), Secret> secrets)
    {
        var gatewayNamespace = state.Gateway.Metadata.Namespace ?? string.Empty;
        var refs = state.Listener.Tls?.CertificateRefs ?? [];
        if (refs.IsEmpty)
        {
            state.Unresolved ??= (GatewayConditions.Reasons.InvalidCertificateRef, "an HTTPS listener needs tls.certificateRefs");
            return;
        }

        foreach (var reference in refs)
        {
            var group = reference.Group is null or "core" ? string.Empty : reference.Group;
            var kind = reference.Kind ?? GatewayApiGroups.SecretKind;
            var ns = reference.Namespace ?? gatewayNamespace;
            if (group.Length != 0 || kind != GatewayApiGroups.SecretKind)
            {
                state.Unresolved ??= (GatewayConditions.Reasons.InvalidCertificateRef, $"certificateRef {kind} of group '{group}' is not supported (Secret)");
                continue;
            }

            if (!grants.Permits(GatewayApiGroups.Gateway, GatewayApiGroups.GatewayKind, gatewayNamespace, string.Empty, GatewayApiGroups.SecretKind, ns, reference.Name))
            {
                state.Unresolved ??= (GatewayConditions.Reasons.RefNotPermitted, $"Secret {ns}/{reference.Name} is in another namespace and no ReferenceGrant in {ns} permits the reference");
                continue;
            }

            if (!secrets.TryGetValue((ns, reference.Name), out var secret) || secret.Type != TlsSecrets.Type)
            {
                state.Unresolved ??= (GatewayConditions.Reasons.InvalidCertificateRef, $"no Secret {ns}/{reference.Name} of type {TlsSecrets.Type}");
                continue;
            }

            if (TlsSecrets.Read(secret) is not { } certificate)
            {
                state.Unresolved ??= (GatewayConditions.Reasons.InvalidCertificateRef, $"Secret {ns}/{reference.Name} has no valid PEM certificate and key in tls.crt and tls.key");
                continue;
            }

            state.Certificates.Add(certificate);
        }
    }

    /// <summary>
    /// Listeners share a port's socket across every Gateway we serve: on one port, listeners of different protocols
    /// conflict (ProtocolConflict), and listeners of one protocol with the same hostname conflict (HostnameConflict).
    /// Within a Gateway both sides are conflicted; across Gateways the older Gateway's listener keeps the port.
    /// </summary>
    private static void FindConflicts(List<ListenerState> listeners)
    {
        foreach (var port in listeners.Where(l => l.GatewayAccepted && l.Accepted).GroupBy(l => l.Listener.Port))
        {
            var kept = new List<ListenerState>();
            foreach (var listener in port)
            {
                foreach (var other in port.Where(o => o != listener && (ReferenceEquals(o.Gateway, listener.Gateway) || kept.Contains(o))))
                {
                    if (other.Protocol != listener.Protocol)
                    {
                        listener.Conflict ??= (GatewayConditions.Reasons.ProtocolConflict, $"port {Port(listener)} is also used by listener {other.Listener.Name} of Gateway {other.GatewayKey} with protocol {other.Listener.Protocol}");
                    }
                    else if (Hostnames.Same(other.Listener.Hostname, listener.Listener.Hostname))
                    {
                        listener.Conflict ??= (GatewayConditions.Reasons.HostnameConflict, $"listener {other.Listener.Name} of Gateway {other.GatewayKey} has the same port {Port(listener)}, protocol and hostname");
                    }
                }

                if (listener.Conflict is null)
                {
                    kept.Add(listener);
                }
            }
        }
    }

    /// <summary>Attaches a route to the listeners its parentRefs (those naming our Gateways) allow; returns its parent entries.</summary>
    private static List<RouteParentStatus> Attach(
        IngressRoute route,
        Dictionary<(string, string), (Gateway Gateway, Condition? NotAccepted, List<ListenerState> Listeners)> gateways,
        Dictionary<string, Namespace> namespaces,
        string controllerName)
    {
        var parents = new List<RouteParentStatus>();
        foreach (var parentRef in route.ParentRefs.Distinct())
        {
            if ((parentRef.Group ?? GatewayApiGroups.Gateway) != GatewayApiGroups.Gateway
                || (parentRef.Kind ?? GatewayApiGroups.GatewayKind) != GatewayApiGroups.GatewayKind
                || !gateways.TryGetValue((parentRef.Namespace ?? route.Id.Namespace, parentRef.Name), out var gateway))
            {
                continue;
            }

            var accepted = AttachToParent(route, parentRef, gateway.NotAccepted, gateway.Listeners, namespaces);
            var resolved = route.Unresolved is { } bad
                ? Condition(RouteConditions.ResolvedRefs, false, ReasonOf(bad), MessageOf(bad), route.Generation)
                : Condition(RouteConditions.ResolvedRefs, true, RouteConditions.Reasons.ResolvedRefs, "every backend resolved", route.Generation);
            parents.Add(new RouteParentStatus { ParentRef = parentRef, ControllerName = controllerName, Conditions = [accepted, resolved] });
        }

        return parents;
    }

    private static Condition AttachToParent(IngressRoute route, ParentReference parentRef, Condition? gatewayNotAccepted, List<ListenerState> listeners, Dictionary<string, Namespace> namespaces)
    {
        var generation = route.Generation;
        var candidates = listeners
            .Where(l => parentRef.SectionName is null || l.Listener.Name == parentRef.SectionName)
            .Where(l => parentRef.Port is null || l.Listener.Port == parentRef.Port)
            .ToList();
        if (candidates.Count == 0)
        {
            var what = parentRef.SectionName is not null ? $"listener {parentRef.SectionName}" : "listener";
            what += parentRef.Port is { } port ? $" on port {port.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
            return Condition(RouteConditions.Accepted, false, RouteConditions.Reasons.NoMatchingParent, $"the Gateway has no {what}", generation);
        }

        if (gatewayNotAccepted is not null)
        {
            return Condition(RouteConditions.Accepted, false, RouteConditions.Reasons.NotAllowedByListeners, $"the Gateway is not accepted: {gatewayNotAccepted.Message}", generation);
        }

        var allowed = candidates
            .Where(l => l.Accepted && l.AllowsNamespace(route.Id.Namespace, namespaces) && l.AllowsKind(route.Id.Kind))
            .ToList();
        if (allowed.Count == 0)
        {
            return Condition(RouteConditions.Accepted, false, RouteConditions.Reasons.NotAllowedByListeners, $"no listener allows {route.Id.Kind}s from namespace {route.Id.Namespace}", generation);
        }

        var matching = allowed.Select(l => (Listener: l, Hostnames: Hostnames.Intersect(l.Hostname, route.Hostnames))).Where(x => x.Hostnames is not null).ToList();
        if (matching.Count == 0)
        {
            return Condition(RouteConditions.Accepted, false, RouteConditions.Reasons.NoMatchingListenerHostname, "no listener hostname intersects the route's hostnames", generation);
        }

        if (route.Problems.Count > 0)
        {
            return Condition(RouteConditions.Accepted, false, RouteConditions.Reasons.UnsupportedValue, string.Join("; ", route.Problems.Take(8)), generation);
        }

        foreach (var (listener, hostnames) in matching)
        {
            listener.AttachedRoutes++;
            foreach (var entry in route.Entries)
            {
                if (hostnames!.Count == 0)
                {
                    listener.Rules.Add((entry.Rule, route, entry));
                    continue;
                }

                foreach (var hostname in hostnames)
                {
                    listener.Rules.Add((entry.Rule with { Hostnames = [hostname] }, route, entry));
                }
            }
        }

        return Condition(RouteConditions.Accepted, true, RouteConditions.Reasons.Accepted, $"attached to {matching.Count.ToString(CultureInfo.InvariantCulture)} listener(s)", generation);
    }

    private static GatewayStatus GatewayStatusOf(Gateway gateway, Condition? notAccepted, List<ListenerState> listeners, IngressControllerOptions options, DateTimeOffset now)
    {
        var generation = gateway.Metadata.Generation;
        var programmedCount = listeners.Count(l => l.Programmed);
        var invalid = listeners.Where(l => !l.Programmed).Select(l => l.Listener.Name).ToList();
        Condition accepted;
        Condition programmed;
        if (notAccepted is not null)
        {
            accepted = notAccepted;
            programmed = Condition(GatewayConditions.Programmed, false, notAccepted.Reason == GatewayConditions.Reasons.UnsupportedAddress ? "AddressNotAssigned" : GatewayConditions.Reasons.Invalid, notAccepted.Message ?? string.Empty, generation);
        }
        else
        {
            accepted = listeners.All(l => l.Accepted && l.Conflict is null)
                ? Condition(GatewayConditions.Accepted, true, GatewayConditions.Reasons.Accepted, "the Gateway is accepted", generation)
                : listeners.Any(l => l.Accepted && l.Conflict is null)
                    ? Condition(GatewayConditions.Accepted, true, GatewayConditions.Reasons.ListenersNotValid, "some listeners are not valid: " + string.Join(", ", listeners.Where(l => !l.Accepted || l.Conflict is not null).Select(l => l.Listener.Name)), generation)
                    : Condition(GatewayConditions.Accepted, false, GatewayConditions.Reasons.ListenersNotValid, "no listener is valid", generation);
            programmed = programmedCount > 0
                ? Condition(GatewayConditions.Programmed, true, GatewayConditions.Reasons.Programmed, invalid.Count == 0 ? "every listener is programmed" : $"listeners not programmed: {string.Join(", ", invalid)}", generation)
                : Condition(GatewayConditions.Programmed, false, GatewayConditions.Reasons.Invalid, "no listener is programmed", generation);
        }

        var current = gateway.Status ?? new GatewayStatus();
        var listenerStatuses = listeners.Select(l => ListenerStatusOf(l, current.Listeners?.FirstOrDefault(s => s.Name == l.Listener.Name), generation, now)).ToImmutableArray();
        ImmutableArray<GatewayStatusAddress>? addresses = notAccepted is null && options.Addresses.Length > 0
            ? [.. options.Addresses.Select(a => new GatewayStatusAddress { Type = IPAddress.TryParse(a, out _) ? "IPAddress" : "Hostname", Value = a })]
            : null;
        return current with
        {
            Addresses = addresses,
            Conditions = Merge(current.Conditions, [accepted, programmed], now),
            Listeners = listenerStatuses,
        };
    }

    private static ListenerStatus ListenerStatusOf(ListenerState state, ListenerStatus? current, long? generation, DateTimeOffset now)
    {
        var accepted = state.Accepted
            ? Condition(GatewayConditions.Accepted, true, GatewayConditions.Reasons.Accepted, "the listener is accepted", generation)
            : Condition(GatewayConditions.Accepted, false, GatewayConditions.Reasons.UnsupportedProtocol, state.NotAccepted ?? string.Empty, generation);
        var resolved = state.Unresolved is { } unresolved
            ? Condition(GatewayConditions.ResolvedRefs, false, unresolved.Reason, unresolved.Message, generation)
            : Condition(GatewayConditions.ResolvedRefs, true, GatewayConditions.Reasons.ResolvedRefs, "every reference resolved", generation);
        var conflicted = state.Conflict is { } conflict
            ? Condition(GatewayConditions.Conflicted, true, conflict.Reason, conflict.Message, generation)
            : Condition(GatewayConditions.Conflicted, false, GatewayConditions.Reasons.NoConflicts, "no conflict", generation);
        var programmed = state.Programmed
            ? Condition(GatewayConditions.Programmed, true, GatewayConditions.Reasons.Programmed, "the listener is programmed", generation)
            : Condition(GatewayConditions.Programmed, false, GatewayConditions.Reasons.Invalid, NotProgrammedBecause(state), generation);
        return new ListenerStatus
        {
            Name = state.Listener.Name,
            SupportedKinds = [.. state.SupportedKinds],
            AttachedRoutes = state.AttachedRoutes,
            Conditions = Merge(current?.Conditions ?? [], [accepted, programmed, resolved, conflicted], now),
        };
    }

    private static string NotProgrammedBecause(ListenerState state) =>
        !state.GatewayAccepted ? "the Gateway is not accepted"
        : !state.Accepted ? state.NotAccepted ?? "the listener is not accepted"
        : state.Conflict is { } conflict ? conflict.Message
        : state.SupportedKinds.Count == 0 ? "no route kind of allowedRoutes.kinds is supported"
        : "no valid certificate";

    /// <summary>The programmed listeners, by port, then Gateway (oldest first), then listener order; rules in precedence order.</summary>
    private static IngressConfiguration Configuration(List<ListenerState> listeners)
    {
        var programmed = listeners
            .Where(l => l.Programmed)
            .OrderBy(l => l.Listener.Port)
            .Select(l => new IngressListener
            {
                Gateway = l.GatewayKey,
                Name = l.Listener.Name,
                Port = l.Listener.Port,
                Protocol = l.Protocol!.Value,
                Hostname = l.Hostname,
                Certificates = [.. l.Certificates],
                Rules = [.. l.Rules.Order(RulePrecedence.Instance).Select(r => r.Rule)],
            })
            .ToImmutableArray();
        var configuration = new IngressConfiguration { Listeners = programmed };
        return configuration with { Version = IngressConfigurationVersion.Of(configuration) };
    }

    private static ImmutableArray<RouteParentStatus> MergeParents(ImmutableArray<RouteParentStatus> current, List<RouteParentStatus> desired, string controllerName, DateTimeOffset now)
    {
        var result = current.Where(p => p.ControllerName != controllerName).ToList();
        foreach (var parent in desired)
        {
            var before = current.FirstOrDefault(p => p.ControllerName == controllerName && p.ParentRef == parent.ParentRef);
            result.Add(parent with { Conditions = Merge(before?.Conditions ?? [], parent.Conditions, now) });
        }

        return [.. result];
    }

    /// <summary>The route's new status, or null when it does not change.</summary>
    private static RouteStatus? MergeRoute(RouteStatus? current, List<RouteParentStatus> desired, string controllerName, DateTimeOffset now)
    {
        if (desired.Count == 0 && (current is null || current.Parents.All(p => p.ControllerName != controllerName)))
        {
            return null;
        }

        var status = (current ?? new RouteStatus()) with { Parents = MergeParents(current?.Parents ?? [], desired, controllerName, now) };
        return IngressStatusJson.Differs(current, status) ? status : null;
    }

    /// <summary>The desired conditions, each keeping its <c>lastTransitionTime</c> from <paramref name="current"/> while its status is unchanged.</summary>
    private static ImmutableArray<Condition> Merge(ImmutableArray<Condition> current, IEnumerable<Condition> desired, DateTimeOffset now)
    {
        var list = desired.ToList();
        ImmutableArray<Condition> result = [.. current.Where(c => list.Any(d => d.Type == c.Type))];
        foreach (var condition in list)
        {
            result = ConditionSet.Set(result, condition, now).Conditions;
        }

        return [.. list.Select(d => result.First(c => c.Type == d.Type))];
    }

    private static Condition Condition(string type, bool status, string reason, string message, long? generation) => new()
    {
        Type = type,
        Status = status ? ConditionSet.True : ConditionSet.False,
        Reason = reason,
        Message = message,
        ObservedGeneration = generation,
    };

    private static string ReasonOf(IngressBackend backend) => backend.Reason?.Split(':', 2)[0] ?? RouteConditions.Reasons.BackendNotFound;

    private static string MessageOf(IngressBackend backend) => backend.Reason?.Split(':', 2) is [_, var message] ? message.Trim() : backend.Reason ?? string.Empty;

    private static string Port(ListenerState listener) => listener.Listener.Port.ToString(CultureInfo.InvariantCulture);
}
