using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Sandbox.Bench;

/// <summary>A Deployment of 3 pods whose image listens on nothing: scheduled, given IPs and reported Running like any pod.</summary>
internal static class PauseWorkload
{
    public static async Task DeployAndWaitAsync(IKubeClient member, CancellationToken cancellationToken)
    {
        var labels = ImmutableDictionary<string, string>.Empty.Add("app", "pause");
        await member.Resource<Deployment>().CreateAsync(
            new Deployment
            {
                Metadata = new ObjectMeta { Name = "pause", Namespace = "default", Labels = labels },
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
                                    Name = "pause",
                                    Image = "registry.k8s.io/pause:3.10",
                                    Resources = new ResourceRequirements { Requests = ImmutableDictionary<string, string>.Empty.Add("cpu", "10m").Add("memory", "8Mi") },
                                },
                            ],
                        },
                    },
                },
            },
            cancellationToken: cancellationToken);
        while (true)
        {
            var deployment = await member.Resource<Deployment>().GetAsync("default", "pause", cancellationToken);
            if (deployment?.Status?.AvailableReplicas >= 3)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }
    }
}
