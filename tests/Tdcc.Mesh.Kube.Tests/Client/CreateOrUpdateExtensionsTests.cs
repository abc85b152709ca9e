using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Tests.Client;

public sealed class CreateOrUpdateExtensionsTests : IAsyncLifetime
{
    private KubeApiServer? _server;
    private KubeClient? _client;

    private KubeClient Client => _client!;

    public async Task InitializeAsync()
    {
        _server = await KubeApiServer.StartAsync(new KubeApiServerOptions { ClusterName = "writes" });
        _client = new KubeClient(KubeClientOptions.ForServer(_server.BaseAddress));
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task CreateOrUpdateAsync_Typed_CreatedThenUnchangedThenUpdated()
    {
        var configMaps = Client.Resource<ConfigMap>();
        var seed = new ConfigMap { Metadata = new ObjectMeta { Namespace = "default", Name = "a" } };

        var (created, _) = await configMaps.CreateOrUpdateAsync(seed, cm => cm with { Data = ImmutableDictionary<string, string>.Empty.Add("k", "v") });
        var (unchanged, _) = await configMaps.CreateOrUpdateAsync(seed, cm => cm with { Data = ImmutableDictionary<string, string>.Empty.Add("k", "v") });
        var (updated, stored) = await configMaps.CreateOrUpdateAsync(seed, cm => cm with { Data = ImmutableDictionary<string, string>.Empty.Add("k", "w") });

        (created, unchanged, updated).Should().Be((OperationResult.Created, OperationResult.Unchanged, OperationResult.Updated));
        stored.Data!["k"].Should().Be("w");
        (await configMaps.GetAsync("default", "a"))!.Data!["k"].Should().Be("w");
    }

    [Fact]
    public async Task CreateOrUpdateAsync_WithCachedCopy_CreatesUpdatesOnItsVersionAndRecoversFromAStaleOne()
    {
        var configMaps = Client.Resource<ConfigMap>();
        var seed = new ConfigMap { Metadata = new ObjectMeta { Namespace = "default", Name = "cached" } };
        static Func<ConfigMap, ConfigMap> Set(string value) => cm => cm with { Data = ImmutableDictionary<string, string>.Empty.Add("k", value) };

        var (created, v1) = await configMaps.CreateOrUpdateAsync(seed, Set("v"), cached: null);
        var (unchanged, same) = await configMaps.CreateOrUpdateAsync(seed, Set("v"), cached: v1);
        var (updated, v2) = await configMaps.CreateOrUpdateAsync(seed, Set("w"), cached: v1);
        (created, unchanged, updated).Should().Be((OperationResult.Created, OperationResult.Unchanged, OperationResult.Updated));
        same.Should().BeSameAs(v1, "an unchanged cached copy costs no round trip");
        v2.Metadata.ResourceVersion.Should().NotBe(v1.Metadata.ResourceVersion);

        // A stale copy (v1, the server has v2): the update on its version conflicts, then the read-and-write path wins.
        var (again, v3) = await configMaps.CreateOrUpdateAsync(seed, Set("x"), cached: v1);
        again.Should().Be(OperationResult.Updated);
        (await configMaps.GetAsync("default", "cached"))!.Data!["k"].Should().Be("x");

        // No copy in the cache, but the object exists (the cache lags): the create loses and the update path runs.
        var (late, v4) = await configMaps.CreateOrUpdateAsync(seed, Set("y"), cached: null);
        late.Should().Be(OperationResult.Updated);
        v4.Metadata.ResourceVersion.Should().NotBe(v3.Metadata.ResourceVersion);
        (await configMaps.GetAsync("default", "cached"))!.Data!["k"].Should().Be("y");
    }

    [Fact]
    public async Task CreateOrUpdateAsync_Unstructured_SetsNamedFieldsAndKeepsOthers()
    {
        var configMaps = Client.Resource(ConfigMap.Resource);
        var meta = new ObjectMeta { Namespace = "default", Name = "u" };
        await configMaps.CreateAsync(GenericObject.Create(ConfigMap.Resource, meta, new JsonObject { ["data"] = new JsonObject { ["k"] = "v" }, ["binaryData"] = new JsonObject { ["b"] = "AA==" } }));

        var (updated, _) = await configMaps.CreateOrUpdateAsync(GenericObject.Create(ConfigMap.Resource, meta, new JsonObject { ["data"] = new JsonObject { ["k"] = "w" } }));
        var (unchanged, stored) = await configMaps.CreateOrUpdateAsync(GenericObject.Create(ConfigMap.Resource, meta, new JsonObject { ["data"] = new JsonObject { ["k"] = "w" } }));

        (updated, unchanged).Should().Be((OperationResult.Updated, OperationResult.Unchanged));
        stored.GetField("data")!["k"]!.GetValue<string>().Should().Be("w");
        stored.GetField("binaryData")!["b"]!.GetValue<string>().Should().Be("AA==", "fields the desired object does not name are left alone");
    }

    [Fact]
    public async Task CreateIfMissingAsync_Existing_LeftUnchanged()
    {
        var configMaps = Client.Resource<ConfigMap>();
        var first = new ConfigMap { Metadata = new ObjectMeta { Namespace = "default", Name = "m" }, Data = ImmutableDictionary<string, string>.Empty.Add("k", "first") };
        var second = first with { Data = ImmutableDictionary<string, string>.Empty.Add("k", "second") };

        var (created, _) = await configMaps.CreateIfMissingAsync(first);
        var (kept, stored) = await configMaps.CreateIfMissingAsync(second);

        (created, kept).Should().Be((OperationResult.Created, OperationResult.Unchanged));
        stored.Data!["k"].Should().Be("first");
    }

    [Fact]
    public async Task CreateIfMissingAsync_ConcurrentWriters_AllSucceedAndOneCreates()
    {
        var namespaces = Client.Resource<Namespace>();
        var desired = new Namespace { Metadata = new ObjectMeta { Name = "raced" } };

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => namespaces.CreateIfMissingAsync(desired)));

        results.Count(r => r.Result == OperationResult.Created).Should().Be(1);
        results.Select(r => r.Object.Metadata.Uid).Distinct().Should().ContainSingle();
    }

    [Fact]
    public async Task DeleteIfPresentAsync_PresentThenGone_TrueThenFalse()
    {
        var configMaps = Client.Resource<ConfigMap>();
        await configMaps.CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Namespace = "default", Name = "d" } });

        var first = await configMaps.DeleteIfPresentAsync("default", "d");
        var second = await configMaps.DeleteIfPresentAsync("default", "d");

        (first, second).Should().Be((true, false));
        (await configMaps.GetAsync("default", "d")).Should().BeNull();
    }
}
