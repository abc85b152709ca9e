using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Sandbox.Workloads;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// The <c>--demo</c> workload of every member: namespace <c>demo</c>, Deployment <c>echo</c> (3 replicas of
/// <c>tdcc.io/echo</c>, ports http 8080 and grpc 9090) and Service <c>echo</c> in front of it. Existing objects are kept.
/// </summary>
internal static class DemoWorkload
{
    public const string Namespace = "demo";
    public const string Name = "echo";

    /// <summary>The Service's HTTP port.</summary>
    public const int HttpPort = 8080;

    public static async Task DeployAsync(IKubeClient client, CancellationToken cancellationToken)
    {
        var labels = ImmutableDictionary<string, string>.Empty.Add("app", Name);
        await CreateIfMissingAsync(client.Resource<Namespace>(), new Namespace { Metadata = new ObjectMeta { Name = Namespace } }, cancellationToken).ConfigureAwait(false);
        await CreateIfMissingAsync(
            client.Resource<Deployment>(),
            new Deployment
            {
                Metadata = new ObjectMeta { Name = Name, Namespace = Namespace, Labels = labels },
                Spec = new DeploymentSpec
                {
                    Replicas = 3,
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
                                    Ports = [new Kube.Model.ContainerPort { Name = "http", Port = 8080 }, new Kube.Model.ContainerPort { Name = "grpc", Port = 9090 }],
                                    Resources = new ResourceRequirements { Requests = ImmutableDictionary<string, string>.Empty.Add("cpu", "50m").Add("memory", "32Mi") },
                                },
                            ],
                        },
                    },
                },
            },
            cancellationToken).ConfigureAwait(false);
        await CreateIfMissingAsync(
            client.Resource<Service>(),
            new Service
            {
                Metadata = new ObjectMeta { Name = Name, Namespace = Namespace, Labels = labels },
                Spec = new ServiceSpec
                {
                    Selector = labels,
                    Ports =
                    [
                        new ServicePort { Name = "http", Port = HttpPort, TargetPort = IntOrString.FromString("http"), AppProtocol = "http" },
                        new ServicePort { Name = "grpc", Port = 9090, TargetPort = IntOrString.FromString("grpc"), AppProtocol = "grpc" },
                    ],
                },
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits until the demo Deployment reports all replicas available; <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitAvailableAsync(IKubeClient client, string cluster, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        while (true)
        {
            var deployment = await client.Resource<Deployment>().GetAsync(Namespace, Name, cancellationToken).ConfigureAwait(false);
            if (deployment?.Status?.AvailableReplicas >= (deployment?.Spec?.Replicas ?? 1) && deployment?.Status?.ObservedGeneration == deployment?.Metadata.Generation)
            {
                return;
            }

            if (time.GetUtcNow() > deadline)
            {
                throw new TimeoutException($"{Namespace}/{Name} in cluster {cluster} is not available after {timeout.TotalSeconds:0} s (available: {deployment?.Status?.AvailableReplicas ?? 0})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken).ConfigureAwait(false);
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
