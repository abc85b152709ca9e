using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Informers;
using Tdcc.Mesh.Kube.Runtime.Ownership;
using Tdcc.Mesh.Kube.Runtime.Reconcile;

namespace Tdcc.Mesh.Sandbox.Controllers;

/// <summary>
/// kube-controller-manager's EndpointSlice controller: for a service with a selector, IPv4 slices of at most
/// <see cref="MaxEndpointsPerSlice"/> endpoints of the selected pods that have an IP, grouped by the ports their
/// targetPorts resolve to (numbers, or names looked up in the pod's container ports). Endpoints carry
/// ready/serving/terminating, nodeName, zone, targetRef, and a hostname for pods whose hostname and subdomain
/// match a headless service. Slices are named <c>&lt;service&gt;-&lt;port-set hash&gt;[-n]</c>, labelled as kube
/// labels them and owned by the service.
/// </summary>
internal sealed partial class EndpointSliceReconciler(
    IInformerStore<Service> services,
    IInformerStore<Pod> pods,
    IInformerStore<Node> nodes,
    IInformerStore<EndpointSlice> slices,
    IKubeClient client,
    ILogger<EndpointSliceReconciler> logger) : IReconciler
{
    public const int MaxEndpointsPerSlice = 100;
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";

    public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var service = services.GetByKey(key);
        var existing = slices.ByIndex(InformerIndexes.Label, InformerIndexes.LabelValue(ServiceNameLabel, key.Name))
            .Where(s => s.Metadata.Namespace == key.Namespace && s.Metadata.Labels?.GetValueOrDefault(ManagedByLabel) == ManagedBy)
            .ToList();
        var desired = service is null || service.Metadata.DeletionTimestamp is not null || service.Spec?.Selector is not { Count: > 0 } || service.Spec.Type == "ExternalName"
            ? []
            : Desired(service);
        var sliceClient = client.Resource<EndpointSlice>();
        foreach (var slice in desired)
        {
            var current = existing.FirstOrDefault(s => s.Metadata.Name == slice.Metadata.Name);
            if (current is null)
            {
                try
                {
                    await sliceClient.CreateAsync(slice, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
                {
                    return ReconcileResult.After(TimeSpan.FromMilliseconds(200));
                }
            }
            else if (Fingerprint(current) != Fingerprint(slice))
            {
                try
                {
                    await sliceClient.UpdateAsync(slice with { Metadata = slice.Metadata with { ResourceVersion = current.Metadata.ResourceVersion } }, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                catch (KubeApiException e) when (e.Reason == KubeErrorReason.Conflict)
                {
                    // The cached slice was behind; its update event enqueues the service again.
                    return ReconcileResult.Done;
                }
            }
        }

        foreach (var stale in existing.Where(s => desired.All(d => d.Metadata.Name != s.Metadata.Name)))
        {
            await sliceClient.DeleteIfPresentAsync(stale.Metadata.Namespace, stale.Metadata.Name!, cancellationToken).ConfigureAwait(false);
        }

        var endpoints = desired.Sum(s => s.Endpoints.Length);
        LogSynced(logger, key, desired.Count, endpoints);
        return ReconcileResult.Done;
    }

    /// <summary>The services whose selector matches the pod: the keys a pod change enqueues.</summary>
    public static IEnumerable<ObjectKey> ServicesSelecting(IInformerStore<Service>? services, Pod pod)
    {
        if (services is null)
        {
            return [];
        }

        return services.ByIndex(InformerIndexes.Namespace, pod.Metadata.Namespace ?? string.Empty)
            .Where(s => s.Spec?.Selector is { Count: > 0 } selector && Selectors.Matches(selector, pod.Metadata.Labels))
            .Select(ObjectKey.Of)
            .ToList();
    }

    private List<EndpointSlice> Desired(Service service)
    {
        var spec = service.Spec!;
        var headless = spec.ClusterIP == "None";
        var servicePorts = spec.Ports ?? [];
        var groups = new SortedDictionary<string, (ImmutableArray<EndpointPort> Ports, List<Endpoint> Endpoints)>(StringComparer.Ordinal);
        foreach (var pod in pods.ByIndex(InformerIndexes.Namespace, service.Metadata.Namespace ?? string.Empty))
        {
            if (pod.Status?.PodIP is not { Length: > 0 } ip || pod.Status.Phase is "Succeeded" or "Failed" || !Selectors.Matches(spec.Selector!, pod.Metadata.Labels))
            {
                continue;
            }

            var ports = servicePorts.Select(sp => Resolve(sp, pod)).OfType<EndpointPort>().ToImmutableArray();
            var groupKey = string.Join(',', ports.Select(p => $"{p.Name}/{p.Protocol}/{p.Port}"));
            if (!groups.TryGetValue(groupKey, out var group))
            {
                group = (ports, []);
                groups[groupKey] = group;
            }

            group.Endpoints.Add(ToEndpoint(service, pod, ip, headless));
        }

        if (groups.Count == 0)
        {
            groups[string.Empty] = ([], []);
        }

        var result = new List<EndpointSlice>();
        foreach (var (groupKey, group) in groups)
        {
            var ordered = group.Endpoints.OrderBy(e => e.TargetRef?.Name, StringComparer.Ordinal).ToList();
            var chunks = ordered.Chunk(MaxEndpointsPerSlice).ToList();
            if (chunks.Count == 0)
            {
                chunks.Add([]);
            }

            var baseName = service.Metadata.Name + "-" + TemplateHash.Of(new PodTemplateSpec { Metadata = new ObjectMeta { Name = groupKey } })[..5];
            for (var i = 0; i < chunks.Count; i++)
            {
                var labels = (service.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty)
                    .SetItem(ServiceNameLabel, service.Metadata.Name!)
                    .SetItem(ManagedByLabel, ManagedBy);
                result.Add(new EndpointSlice
                {
                    Metadata = new ObjectMeta
                    {
                        Name = i == 0 ? baseName : $"{baseName}-{i}",
                        Namespace = service.Metadata.Namespace,
                        Labels = labels,
                        OwnerReferences = [OwnerReferences.ReferenceTo(service, controller: true)],
                    },
                    AddressType = "IPv4",
                    Endpoints = [.. chunks[i]],
                    Ports = group.Ports,
                });
            }
        }

        return result;
    }

    private Endpoint ToEndpoint(Service service, Pod pod, string ip, bool headless)
    {
        var terminating = pod.Metadata.DeletionTimestamp is not null;
        var ready = PodStates.IsReady(pod) || service.Spec?.PublishNotReadyAddresses == true;
        var nodeName = pod.Spec?.NodeName;
        var zone = nodeName is null ? null : nodes.GetByKey(ObjectKey.Cluster(nodeName))?.Metadata.Labels?.GetValueOrDefault("topology.kubernetes.io/zone");
        var hostname = headless && pod.Spec?.Hostname is { Length: > 0 } h && pod.Spec.Subdomain == service.Metadata.Name ? h : null;
        return new Endpoint
        {
            Addresses = [ip],
            Conditions = new EndpointConditions { Ready = ready && !terminating, Serving = ready, Terminating = terminating },
            Hostname = hostname,
            NodeName = nodeName,
            Zone = zone,
            TargetRef = new ObjectReference { Kind = "Pod", Namespace = pod.Metadata.Namespace, Name = pod.Metadata.Name, Uid = pod.Metadata.Uid },
        };
    }

    private static EndpointPort? Resolve(ServicePort servicePort, Pod pod)
    {
        var target = servicePort.TargetPort ?? IntOrString.FromInt(servicePort.Port);
        int? number = target.IntValue;
        if (number is null)
        {
            number = pod.Spec?.Containers.SelectMany(c => c.Ports ?? [])
                .FirstOrDefault(p => p.Name == target.StringValue && (p.Protocol ?? "TCP") == (servicePort.Protocol ?? "TCP"))?.Port;
        }

        return number is null ? null : new EndpointPort { Name = servicePort.Name ?? string.Empty, Port = number, Protocol = servicePort.Protocol ?? "TCP", AppProtocol = servicePort.AppProtocol };
    }

    private static string Fingerprint(EndpointSlice slice) =>
        string.Join(',', (slice.Metadata.Labels ?? ImmutableDictionary<string, string>.Empty).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value))
        + JsonSerializer.Serialize(new EndpointSlice { AddressType = slice.AddressType, Endpoints = slice.Endpoints, Ports = slice.Ports ?? [] }, KubeJsonContext.Default.EndpointSlice);

    [LoggerMessage(EventId = 7140, Level = LogLevel.Debug, Message = "Service {Service}: {Slices} endpoint slices with {Endpoints} endpoints")]
    private static partial void LogSynced(ILogger logger, ObjectKey service, int slices, int endpoints);
}
