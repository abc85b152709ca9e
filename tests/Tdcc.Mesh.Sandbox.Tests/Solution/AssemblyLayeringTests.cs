using System.Reflection;

namespace Tdcc.Mesh.Sandbox.Tests.Solution;

/// <summary>
/// The API-type assemblies (routes, policies, identity) and the clusterset model they share use neither the xDS project
/// nor Envoy protos: only the xDS translation (Tdcc.Mesh.Xds) and the SDS glue (Tdcc.Mesh.Identity.Sds) do.
/// </summary>
public sealed class AssemblyLayeringTests
{
    private static readonly string[] XdsAssemblies = ["Tdcc.Mesh.Xds", "Tdcc.Mesh.Xds.Protos", "Google.Protobuf"];

    [Theory]
    [InlineData("Tdcc.Mesh.MeshModel")]
    [InlineData("Tdcc.Mesh.GatewayApi")]
    [InlineData("Tdcc.Mesh.Policy")]
    [InlineData("Tdcc.Mesh.Identity")]
    public void ApiAssembly_References_NoXdsOrEnvoy(string assembly)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name).ToList();

        references.Should().NotContain(XdsAssemblies);
    }

    [Fact]
    public void MeshModel_References_OnlyTheRuntime() =>
        Assembly.Load("Tdcc.Mesh.MeshModel").GetReferencedAssemblies().Select(a => a.Name).Should().OnlyContain(n => n!.StartsWith("System", StringComparison.Ordinal));
}
