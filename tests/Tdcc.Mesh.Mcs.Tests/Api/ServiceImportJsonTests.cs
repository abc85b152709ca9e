using System.Text.Json;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Tests.Api;

public sealed class ServiceImportJsonTests
{
    [Fact]
    public void ServiceImport_RoundTrip_KeepsUnknownFieldsAndTimestamps()
    {
        const string json = """
            {"apiVersion":"multicluster.x-k8s.io/v1beta1","kind":"ServiceImport","metadata":{"name":"web","namespace":"demo","creationTimestamp":"2026-01-02T03:04:05Z"},
             "spec":{"type":"ClusterSetIP","ports":[{"name":"http","protocol":"TCP","port":80,"future":1}],"ips":null},
             "status":{"endpointSliceObjects":"Present","clusters":[{"cluster":"east"}]}}
            """;

        var import = JsonSerializer.Deserialize(json, ServiceImport.JsonTypeInfo)!;
        var written = JsonSerializer.Serialize(import, ServiceImport.JsonTypeInfo);

        (import.Spec!.Ips ?? []).Should().BeEmpty();
        import.Status!.Clusters!.Value.Single().Cluster.Should().Be("east");
        written.Should().Contain("\"endpointSliceObjects\":\"Present\"").And.Contain("\"future\":1").And.Contain("2026-01-02T03:04:05Z");
        ObjectKey.Of(import).Should().Be(new ObjectKey("demo", "web"));
    }
}
