using System.Collections.Immutable;
using System.Globalization;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// Resolves a route's <c>backendRef</c> into an <see cref="IngressBackend"/>: a Service of the cluster (its ready
/// endpoints for the port, <c>ip:targetPort</c> from the EndpointSlices), a ServiceImport (the port must be one of its
/// ports), or an <see cref="IngressBackendKind.Invalid"/> backend carrying the ResolvedRefs reason: InvalidKind,
/// RefNotPermitted (another namespace without a ReferenceGrant) or BackendNotFound.
/// </summary>
internal sealed class BackendResolver
{
    private readonly Dictionary<(string, string), Service> services;
    private readonly Dictionary<(string, string), ServiceImport> imports;
    private readonly ILookup<(string, string), EndpointSlice> slices;
    private readonly ReferenceGrants grants;

    public BackendResolver(IngressInputs inputs, ReferenceGrants grants)
    {
        services = inputs.Services.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        imports = inputs.ServiceImports.GroupBy(Key).ToDictionary(g => g.Key, g => g.First());
        slices = inputs.EndpointSlices
            .Where(s => s.Metadata.Labels?.ContainsKey(McsLabels.KubernetesServiceName) == true)
            .ToLookup(s => (s.Metadata.Namespace ?? string.Empty, s.Metadata.Labels![McsLabels.KubernetesServiceName]));
        this.grants = grants;
    }

    /// <summary>The backend (without filters) and, when it is invalid, the ResolvedRefs reason and message.</summary>
    public IngressBackend Resolve(BackendRef reference, string routeKind, string routeNamespace)
    {
        var group = reference.Group is null or "core" ? string.Empty : reference.Group;
        var kind = reference.Kind ?? GatewayApiGroups.ServiceKind;
        var ns = reference.Namespace ?? routeNamespace;
        var backend = new IngressBackend
        {
            Kind = IngressBackendKind.Invalid,
            Namespace = ns,
            Name = reference.Name,
            Port = reference.Port ?? 0,
            Weight = reference.Weight ?? 1,
        };
        var isService = group.Length == 0 && kind == GatewayApiGroups.ServiceKind;
        var isImport = group == GatewayApiGroups.Multicluster && kind == GatewayApiGroups.ServiceImportKind;
        if (!isService && !isImport)
        {
            return Invalid(backend, RouteConditions.Reasons.InvalidKind, $"backend kind {kind} of group '{group}' is not supported (Service, or ServiceImport of {GatewayApiGroups.Multicluster})");
        }

        if (!grants.Permits(GatewayApiGroups.Gateway, routeKind, routeNamespace, group, kind, ns, reference.Name))
        {
            return Invalid(backend, RouteConditions.Reasons.RefNotPermitted, $"{kind} {ns}/{reference.Name} is in another namespace and no ReferenceGrant in {ns} permits the reference");
        }

        if (reference.Port is not { } port)
        {
            return Invalid(backend, RouteConditions.Reasons.BackendNotFound, $"{kind} {ns}/{reference.Name}: a port is required");
        }

        if (isImport)
        {
            if (!imports.TryGetValue((ns, reference.Name), out var import))
            {
                return Invalid(backend, RouteConditions.Reasons.BackendNotFound, $"ServiceImport {ns}/{reference.Name} not found");
            }

            return import.Spec?.Ports.Any(p => p.Port == port) == true
                ? backend with { Kind = IngressBackendKind.ServiceImport }
                : Invalid(backend, RouteConditions.Reasons.BackendNotFound, $"ServiceImport {ns}/{reference.Name} has no port {port.ToString(CultureInfo.InvariantCulture)}");
        }

        if (!services.TryGetValue((ns, reference.Name), out var service))
        {
            return Invalid(backend, RouteConditions.Reasons.BackendNotFound, $"Service {ns}/{reference.Name} not found");
        }

        var servicePort = service.Spec?.Ports?.FirstOrDefault(p => p.Port == port);
        if (servicePort is null)
        {
            return Invalid(backend, RouteConditions.Reasons.BackendNotFound, $"Service {ns}/{reference.Name} has no port {port.ToString(CultureInfo.InvariantCulture)}");
        }

        return backend with { Kind = IngressBackendKind.Service, Endpoints = Endpoints(ns, reference.Name, servicePort) };
    }

    /// <summary>The ready endpoints of a Service port: the slices' port of the same name gives the target port.</summary>
    private ImmutableArray<string> Endpoints(string ns, string name, ServicePort port)
    {
        var endpoints = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var slice in slices[(ns, name)])
        {
            var slicePort = slice.Ports?.FirstOrDefault(p => string.Equals(p.Name ?? string.Empty, port.Name ?? string.Empty, StringComparison.Ordinal))?.Port
                ?? (port.TargetPort is { IsInt: true } target ? target.IntValue : null);
            if (slicePort is not { } targetPort)
            {
                continue;
            }

            foreach (var endpoint in slice.Endpoints.Where(e => e.Conditions?.Ready != false))
            {
                foreach (var address in endpoint.Addresses)
                {
                    endpoints.Add(address.Contains(':', StringComparison.Ordinal)
                        ? $"[{address}]:{targetPort.ToString(CultureInfo.InvariantCulture)}"
                        : $"{address}:{targetPort.ToString(CultureInfo.InvariantCulture)}");
                }
            }
        }

        return [.. endpoints];
    }

    private static IngressBackend Invalid(IngressBackend backend, string reason, string message) => backend with { Kind = IngressBackendKind.Invalid, Reason = reason + ": " + message };

    private static (string, string) Key(IKubeObject o) => (o.Metadata.Namespace ?? string.Empty, o.Metadata.Name ?? string.Empty);
}
