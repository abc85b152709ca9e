using System.Collections.Immutable;
using System.Text.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Export;

namespace Tdcc.Mesh.Mcs.Tests.Export;

public sealed class ServiceShapeTests
{
    private static readonly DateTimeOffset Created = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private static ServiceExport ExportOf() => new()
    {
        Metadata = new ObjectMeta { Namespace = "demo", Name = "web", CreationTimestamp = Created },
        Spec = new ServiceExportSpec { ExportedLabels = ImmutableDictionary<string, string>.Empty.Add("tier", "web") },
    };

    [Fact]
    public void ToSpec_ClusterIpService_ClusterSetIpWithShape()
    {
        var service = new Service
        {
            Metadata = new ObjectMeta { Namespace = "demo", Name = "web" },
            Spec = new ServiceSpec
            {
                Type = "LoadBalancer",
                ClusterIP = "10.96.0.5",
                Ports = [new ServicePort { Name = "http", Port = 80, AppProtocol = "http", TargetPort = 8080, NodePort = 30080 }],
                SessionAffinity = "ClientIP",
                SessionAffinityConfig = JsonDocument.Parse("""{"clientIP":{"timeoutSeconds":60}}""").RootElement.Clone(),
                IpFamilies = ["IPv4"],
                InternalTrafficPolicy = "Local",
                TrafficDistribution = "PreferClose",
            },
        };

        var spec = ServiceShape.ToSpec("east", ExportOf(), service);

        spec.Type.Should().Be(ServiceImportTypes.ClusterSetIP);
        spec.ClusterId.Should().Be("east");
        spec.ExportCreationTimestamp.Should().Be(Created);
        spec.Ports.Should().Equal(new ServiceImportPort { Name = "http", Protocol = "TCP", AppProtocol = "http", Port = 80 });
        spec.SessionAffinityConfig!.ClientIP!.TimeoutSeconds.Should().Be(60);
        spec.IpFamilies.Should().Equal("IPv4");
        spec.InternalTrafficPolicy.Should().Be("Local");
        spec.TrafficDistribution.Should().Be("PreferClose");
        spec.ExportedLabels.Should().Contain("tier", "web");
    }

    [Fact]
    public void ToSpec_ClusterIpNone_Headless()
    {
        var service = new Service { Spec = new ServiceSpec { ClusterIP = "None", Ports = [new ServicePort { Port = 5432 }] } };

        var spec = ServiceShape.ToSpec("east", ExportOf(), service);

        spec.Type.Should().Be(ServiceImportTypes.Headless);
        spec.Ports.Single().Name.Should().BeNull();
    }

    [Fact]
    public void IsExternalName_ExternalNameType_True()
    {
        ServiceShape.IsExternalName(new Service { Spec = new ServiceSpec { Type = "ExternalName" } }).Should().BeTrue();
        ServiceShape.IsExternalName(new Service { Spec = new ServiceSpec { Type = "NodePort" } }).Should().BeFalse();
    }
}
