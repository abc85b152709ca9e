using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;
using Tdcc.Mesh.Mcs.Import;

namespace Tdcc.Mesh.Mcs.Tests.Import;

public sealed class DerivedServicesTests
{
    private static readonly Service Existing = new() { Metadata = new ObjectMeta { Namespace = "demo", Name = "derived-echo" } };

    private static ServiceImportSpec Spec(string type, string? affinity, int? timeoutSeconds) => new()
    {
        Type = type,
        SessionAffinity = affinity,
        SessionAffinityConfig = timeoutSeconds is null ? null : new SessionAffinityConfig { ClientIP = new ClientIPConfig { TimeoutSeconds = timeoutSeconds } },
        Ports = [new ServiceImportPort { Name = "grpc", Port = 9090, Protocol = "TCP" }],
    };

    [Fact]
    public void Desired_ClientIpAffinityWithTimeout_CopiesTheConfig()
    {
        var derived = DerivedServices.Desired(Existing, "echo", Spec(ServiceImportTypes.ClusterSetIP, "ClientIP", 600));

        derived.Spec!.SessionAffinity.Should().Be("ClientIP");
        derived.Spec.SessionAffinityConfig!.Value.GetProperty("clientIP").GetProperty("timeoutSeconds").GetInt32().Should().Be(600);
    }

    [Theory]
    [InlineData("ClusterSetIP", "None", 600)]
    [InlineData("ClusterSetIP", null, 600)]
    [InlineData("Headless", "ClientIP", 600)]
    [InlineData("ClusterSetIP", "ClientIP", null)]
    public void Desired_NoClientIpAffinityOrHeadless_NoConfig(string type, string? affinity, int? timeoutSeconds)
    {
        var derived = DerivedServices.Desired(Existing, "echo", Spec(type, affinity, timeoutSeconds));

        derived.Spec!.SessionAffinityConfig.Should().BeNull();
    }
}
