using System.Collections.Immutable;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Conditions;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Mesh;

/// <summary>
/// The demo of workload distribution (docs/distribution.md): on the hub, namespace <c>demo</c>, a Deployment <c>web</c>
/// held as a template (<c>spec.replicas: 0</c>, so it starts no pods on the hub, and the annotation
/// <c>apps.tdcc.io/replicas: "6"</c>), and a Subscription <c>web</c> dividing its 6 replicas by the static weights 1/2/3
/// over the first three members (east, west, edge). Existing objects are kept.
/// </summary>
public static class DemoDistribution
{
    public const string Namespace = "demo";
    public const string Name = "web";

    /// <summary>The replicas divided over the members.</summary>
    public const int Replicas = 6;

    /// <summary>Creates the demo's template and Subscription on the hub; the weights go to <paramref name="members"/> 1, 2, 3 in order (the first three).</summary>
    public static async Task DeployAsync(IKubeClient hub, IReadOnlyList<string> members, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(members);
        var labels = ImmutableDictionary<string, string>.Empty.Add("app", Name);
        await hub.Resource<Namespace>().CreateIfMissingAsync(new Namespace { Metadata = new ObjectMeta { Name = Namespace } }, cancellationToken).ConfigureAwait(false);
        await CreateIfMissingAsync(
            hub.Resource<Deployment>(),
            new Deployment
            {
                Metadata = new ObjectMeta
                {
                    Name = Name,
                    Namespace = Namespace,
                    Labels = labels,
                    Annotations = ImmutableDictionary<string, string>.Empty.Add(DistributionLabels.ReplicasAnnotation, Replicas.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                },
                Spec = new DeploymentSpec
                {
                    Replicas = 0,
                    Selector = new LabelSelector { MatchLabels = labels },
                    Template = new PodTemplateSpec
                    {
                        Metadata = new ObjectMeta { Labels = labels },
                        Spec = new PodSpec
                        {
                            Containers =
                            [
                                new Container
                                {
                                    Name = Name,
                                    Image = EchoImage.Name,
                                    Ports = [new Kube.Model.ContainerPort { Name = "http", Port = 8080 }],
                                    Resources = new ResourceRequirements { Requests = ImmutableDictionary<string, string>.Empty.Add("cpu", "100m").Add("memory", "32Mi") },
                                },
                            ],
                        },
                    },
                },
            },
            cancellationToken).ConfigureAwait(false);
        await CreateIfMissingAsync(
            hub.Resource<Subscription>(),
            new Subscription
            {
                Metadata = new ObjectMeta { Name = Name, Namespace = Namespace },
                Spec = new SubscriptionSpec
                {
                    Feeds = [new Feed { ApiVersion = "apps/v1", Kind = "Deployment", Namespace = Namespace, Name = Name }],
                    Subscribers = [.. members.Take(3).Select((m, i) => new Subscriber { ClusterNames = [m], Weight = i + 1 })],
                    SchedulingStrategy = SchedulingStrategies.Divide,
                    DivisionType = DivisionTypes.Static,
                },
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the demo Subscription is scheduled, applied in every placed member, and each member reports its
    /// replicas ready; returns it. <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<Subscription> WaitReadyAsync(IKubeClient hub, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(time);
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var subscription = await hub.Resource<Subscription>().GetAsync(Namespace, Name, cancellationToken).ConfigureAwait(false);
            var placements = subscription?.Status?.Placements ?? [];
            if (ConditionSet.Find(subscription?.Status?.Conditions, DeliveryConditions.Applied)?.Status == ConditionSet.True
                && placements.Length > 0
                && placements.Where(p => p.Evicting != true).All(p => p.ReadyReplicas is { } ready && ready >= (p.Replicas ?? 0)))
            {
                return subscription!;
            }

            if (time.GetUtcNow() > deadline)
            {
                var applied = ConditionSet.Find(subscription?.Status?.Conditions, DeliveryConditions.Applied);
                throw new TimeoutException($"Subscription {Namespace}/{Name} is not applied and ready after {timeout.TotalSeconds:0} s ({applied?.Reason}: {applied?.Message}; placements: {string.Join(", ", placements.Select(p => $"{p.Cluster}={p.ReadyReplicas ?? 0}/{p.Replicas}"))})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CreateIfMissingAsync<T>(IResourceClient<T> resource, T obj, CancellationToken cancellationToken)
        where T : class, IKubeObject
    {
        try
        {
            await resource.CreateAsync(obj, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException e) when (e.Reason == KubeErrorReason.AlreadyExists)
        {
            // Kept from an earlier run.
        }
    }
}
