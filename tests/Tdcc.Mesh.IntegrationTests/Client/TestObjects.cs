using System.Collections.Immutable;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Small objects the integration suites create.</summary>
public static class TestObjects
{
    public static ConfigMap ConfigMap(string ns, string name, IReadOnlyDictionary<string, string>? data = null, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta
        {
            Namespace = ns,
            Name = name,
            Labels = labels?.ToImmutableDictionary(),
        },
        Data = (data ?? new Dictionary<string, string> { ["key"] = "value" }).ToImmutableDictionary(),
    };

    public static Deployment Deployment(string ns, string name, int replicas = 1) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("app", name) },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = ImmutableDictionary<string, string>.Empty.Add("app", name) },
                Spec = new PodSpec { Containers = [new Container { Name = "main", Image = "registry.example/app:1" }] },
            },
        },
    };

    public static Service Service(string ns, string name) => new()
    {
        Metadata = new ObjectMeta { Namespace = ns, Name = name },
        Spec = new ServiceSpec
        {
            Selector = ImmutableDictionary<string, string>.Empty.Add("app", name),
            Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = IntOrString.FromString("http") }],
        },
    };
}
