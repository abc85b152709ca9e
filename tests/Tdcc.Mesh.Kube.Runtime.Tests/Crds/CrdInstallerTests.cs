using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Runtime.Crds;

namespace Tdcc.Mesh.Kube.Runtime.Tests.Crds;

public sealed class CrdInstallerTests
{
    private const string Manager = "tdcc-crd-installer-tests";
    private static readonly ResourceType GizmoV2 = new("example.tdcc.io", "v2", "Gizmo", "gizmos", Namespaced: true);

    [Fact]
    public async Task InstallAsync_Twice_EstablishedAndOwnedByTheFieldManager()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "crds" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        var installer = new CrdInstaller(client, Manager);

        await installer.InstallAsync([GizmoCrd(withV2: true)]);
        await installer.InstallAsync([GizmoCrd(withV2: true)]);

        var crd = await client.Resource<CustomResourceDefinition>().GetAsync(null, "gizmos.example.tdcc.io");
        crd!.Status!.Conditions!.Value.Should().Contain(c => c.Type == "Established" && c.Status == "True");
        crd.Metadata.ManagedFields!.Value.EnumerateArray()
            .Select(e => (e.GetProperty("manager").GetString(), e.GetProperty("operation").GetString()))
            .Should().Contain((Manager, "Apply"));
    }

    [Fact]
    public async Task InstallAsync_OlderCrdCreatedByAnotherWriter_SchemaAndVersionsUpgraded()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "crds" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));
        await client.Resource(CustomResourceDefinition.Resource).CreateAsync(new GenericObject(GizmoCrd(withV2: false)));

        await new CrdInstaller(client, Manager).InstallAsync([GizmoCrd(withV2: true)]);

        var crd = await client.Resource<CustomResourceDefinition>().GetAsync(null, "gizmos.example.tdcc.io");
        crd!.Spec!.Versions.Select(v => (v.Name, v.Served, v.Storage)).Should().Equal(("v1", true, false), ("v2", true, true));
        var created = await client.Resource(GizmoV2).CreateAsync(GenericObject.Create(
            GizmoV2,
            new ObjectMeta { Name = "g", Namespace = "default" },
            new JsonObject { ["spec"] = new JsonObject { ["size"] = 3, ["color"] = "red" } }));
        created.GetField("spec")!["color"]!.GetValue<string>().Should().Be("red", "the upgraded v2 schema keeps the new field instead of pruning it");
    }

    [Fact]
    public async Task InstallAsync_YamlManifest_Established()
    {
        await using var server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "crds" });
        using var client = new KubeClient(KubeClientOptions.ForServer(server.BaseAddress));

        await new CrdInstaller(client, Manager).InstallAsync([JsonSerializer.Serialize(GizmoCrd(withV2: false))]);

        (await client.Resource(new ResourceType("example.tdcc.io", "v1", "Gizmo", "gizmos", Namespaced: true)).ListAsync()).Items.Should().BeEmpty();
    }

    private static JsonObject GizmoCrd(bool withV2)
    {
        JsonObject Version(string name, bool storage, params string[] fields)
        {
            var properties = new JsonObject();
            foreach (var field in fields)
            {
                properties[field] = new JsonObject { ["type"] = field == "size" ? "integer" : "string" };
            }

            return new JsonObject
            {
                ["name"] = name,
                ["served"] = true,
                ["storage"] = storage,
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["spec"] = new JsonObject { ["type"] = "object", ["properties"] = properties } },
                    },
                },
            };
        }

        var versions = new JsonArray { Version("v1", storage: !withV2, "size") };
        if (withV2)
        {
            versions.Add(Version("v2", storage: true, "size", "color"));
        }

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = "gizmos.example.tdcc.io" },
            ["spec"] = new JsonObject
            {
                ["group"] = "example.tdcc.io",
                ["scope"] = "Namespaced",
                ["names"] = new JsonObject { ["plural"] = "gizmos", ["singular"] = "gizmo", ["kind"] = "Gizmo", ["listKind"] = "GizmoList" },
                ["versions"] = versions,
            },
        };
    }
}
