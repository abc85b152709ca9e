using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Config;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Tests.Client;

public sealed class ResourceClientTests : IDisposable
{
    private const string Cm = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","namespace":"shop","resourceVersion":"5"},"data":{"k":"v"}}""";

    private readonly FakeHttpHandler handler = new();
    private readonly KubeClient client;

    public ResourceClientTests()
    {
        var options = KubeClientOptions.ForServer(new Uri("https://kube.test:6443/prefix/")) with
        {
            Namespace = "shop",
            Retry = RetryPolicy.None,
            RequestTimeout = TimeSpan.FromSeconds(30),
        };
        client = new KubeClient(options, handler);
    }

    [Fact]
    public async Task GetAsync_Existing_ReturnsTypedObjectFromObjectPath()
    {
        handler.Respond(HttpStatusCode.OK, Cm);

        var cm = await client.Resource<ConfigMap>().GetAsync("shop", "c");

        cm!.Data!["k"].Should().Be("v");
        handler.Requests[0].Uri.PathAndQuery.Should().Be("/prefix/api/v1/namespaces/shop/configmaps/c?timeout=30s");
    }

    [Fact]
    public async Task GetAsync_NotFound_ReturnsNull()
    {
        handler.Respond(HttpStatusCode.NotFound, """{"kind":"Status","reason":"NotFound","code":404}""");

        (await client.Resource<ConfigMap>().GetAsync(null, "c")).Should().BeNull();
        handler.Requests[0].Uri.AbsolutePath.Should().Be("/prefix/api/v1/namespaces/shop/configmaps/c");
    }

    [Fact]
    public async Task ListAsync_AllOptions_SentAsQuery()
    {
        handler.Respond(HttpStatusCode.OK, """{"kind":"DeploymentList","apiVersion":"apps/v1","metadata":{"resourceVersion":"9","continue":"next"},"items":[]}""");

        var list = await client.Resource<Deployment>().ListAsync(new ListOptions
        {
            Namespace = "shop",
            LabelSelector = "app in (a,b)",
            FieldSelector = "metadata.name=x",
            Limit = 50,
            Continue = "tok",
            ResourceVersion = "0",
            ResourceVersionMatch = "NotOlderThan",
        });

        list.Metadata.Continue.Should().Be("next");
        handler.Requests[0].Uri.PathAndQuery.Should().Be(
            "/prefix/apis/apps/v1/namespaces/shop/deployments?labelSelector=app%20in%20%28a%2Cb%29&fieldSelector=metadata.name%3Dx&limit=50&continue=tok&resourceVersion=0&resourceVersionMatch=NotOlderThan&timeout=30s");
    }

    [Fact]
    public async Task ListAsync_NoNamespace_ListsAcrossNamespaces()
    {
        handler.Respond(HttpStatusCode.OK, """{"items":[]}""");

        await client.Resource<Pod>().ListAsync();

        handler.Requests[0].Uri.AbsolutePath.Should().Be("/prefix/api/v1/pods");
    }

    [Fact]
    public async Task CreateAsync_DryRunAndFieldManager_PostsToCollection()
    {
        handler.Respond(HttpStatusCode.Created, Cm);
        var cm = new ConfigMap { Metadata = new ObjectMeta { Name = "c" } };

        await client.Resource<ConfigMap>().CreateAsync(cm, new WriteOptions { DryRun = true, FieldManager = "mesh" });

        var request = handler.Requests[0];
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.PathAndQuery.Should().Be("/prefix/api/v1/namespaces/shop/configmaps?fieldManager=mesh&dryRun=All&timeout=30s");
        request.ContentType.Should().Be("application/json");
        request.Body.Should().Be("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}""");
    }

    [Fact]
    public async Task UpdateStatusAsync_PutsToStatusSubresource()
    {
        handler.Respond(HttpStatusCode.OK, """{"kind":"Deployment","metadata":{"name":"d","namespace":"n"}}""");
        var deployment = new Deployment { Metadata = new ObjectMeta { Name = "d", Namespace = "n" }, Status = new DeploymentStatus { ReadyReplicas = 2 } };

        await client.Resource<Deployment>().UpdateStatusAsync(deployment);

        handler.Requests[0].Method.Should().Be(HttpMethod.Put);
        handler.Requests[0].Uri.AbsolutePath.Should().Be("/prefix/apis/apps/v1/namespaces/n/deployments/d/status");
    }

    [Theory]
    [InlineData(PatchType.Merge, "application/merge-patch+json")]
    [InlineData(PatchType.Json, "application/json-patch+json")]
    [InlineData(PatchType.StrategicMerge, "application/strategic-merge-patch+json")]
    public async Task PatchAsync_PatchType_SetsContentType(PatchType type, string contentType)
    {
        handler.Respond(HttpStatusCode.OK, Cm);

        await client.Resource<ConfigMap>().PatchAsync("shop", "c", new Patch(type, "{}"));

        handler.Requests[0].Method.Should().Be(HttpMethod.Patch);
        handler.Requests[0].ContentType.Should().Be(contentType);
        handler.Requests[0].Body.Should().Be("{}");
    }

    [Fact]
    public async Task ApplyAsync_Force_SendsApplyPatchWithFieldManager()
    {
        handler.Respond(HttpStatusCode.OK, Cm);
        var cm = new ConfigMap { Metadata = new ObjectMeta { Name = "c", Namespace = "shop" } };

        await client.Resource<ConfigMap>().ApplyAsync(cm, new ApplyOptions("mesh-controller") { Force = true });

        var request = handler.Requests[0];
        request.ContentType.Should().Be("application/apply-patch+yaml");
        request.Uri.Query.Should().Be("?fieldManager=mesh-controller&force=true&timeout=30s");
    }

    [Fact]
    public async Task DeleteAsync_Options_SentAsDeleteOptionsBody()
    {
        handler.Respond(HttpStatusCode.OK, """{"kind":"Status","apiVersion":"v1","status":"Success"}""");

        var result = await client.Resource<ConfigMap>().DeleteAsync("shop", "c", new DeleteOptions
        {
            PropagationPolicy = PropagationPolicy.Foreground,
            GracePeriodSeconds = 0,
            PreconditionUid = "u1",
            PreconditionResourceVersion = "5",
            DryRun = true,
        });

        result.Should().BeNull();
        var body = JsonNode.Parse(handler.Requests[0].Body!)!;
        body["kind"]!.GetValue<string>().Should().Be("DeleteOptions");
        body["propagationPolicy"]!.GetValue<string>().Should().Be("Foreground");
        body["gracePeriodSeconds"]!.GetValue<int>().Should().Be(0);
        body["preconditions"]!["uid"]!.GetValue<string>().Should().Be("u1");
        body["preconditions"]!["resourceVersion"]!.GetValue<string>().Should().Be("5");
        body["dryRun"]![0]!.GetValue<string>().Should().Be("All");
        handler.Requests[0].Uri.Query.Should().Contain("dryRun=All");
    }

    [Fact]
    public async Task DeleteAsync_Accepted_ReturnsObjectKeptByFinalizers()
    {
        handler.Respond(HttpStatusCode.Accepted, """{"kind":"ConfigMap","metadata":{"name":"c","deletionTimestamp":"2024-01-02T03:04:05Z","finalizers":["mesh/cleanup"]}}""");

        var result = await client.Resource<ConfigMap>().DeleteAsync("shop", "c");

        result!.Metadata.Finalizers.Should().Equal("mesh/cleanup");
    }

    [Fact]
    public async Task DeleteAsync_OkWithLastState_ReturnsNull()
    {
        handler.Respond(HttpStatusCode.OK, Cm);

        (await client.Resource<ConfigMap>().DeleteAsync("shop", "c")).Should().BeNull();
    }

    [Fact]
    public async Task DeleteAsync_PreconditionFailed_ThrowsConflict()
    {
        handler.Respond(HttpStatusCode.Conflict, """{"kind":"Status","reason":"Conflict","code":409,"message":"Precondition failed: UID in precondition: u1, UID in object meta: u2"}""");

        var act = () => client.Resource<ConfigMap>().DeleteAsync("shop", "c", new DeleteOptions { PreconditionUid = "u1" });

        (await act.Should().ThrowAsync<KubeApiException>()).Which.IsConflict.Should().BeTrue();
    }

    [Fact]
    public async Task UpdateAsync_Conflict_ThrowsConflict()
    {
        handler.Respond(HttpStatusCode.Conflict, """{"kind":"Status","reason":"Conflict","code":409}""");

        var act = () => client.Resource<ConfigMap>().UpdateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "c" } });

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Conflict);
        handler.Requests[0].Uri.AbsolutePath.Should().Be("/prefix/api/v1/namespaces/shop/configmaps/c");
    }

    [Fact]
    public async Task WatchAsync_Options_SentAsWatchQueryAndEventsStreamed()
    {
        handler.Respond(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new ChunkedStream(Encoding.UTF8.GetBytes(
                """{"type":"ADDED","object":{"kind":"Lease","metadata":{"name":"l","resourceVersion":"3"},"spec":{"holderIdentity":"me"}}}""" + "\n"), 5)),
        });

        var events = new List<WatchEvent<Lease>>();
        await foreach (var ev in client.Resource<Lease>().WatchAsync(new WatchOptions { Namespace = "kube-system", ResourceVersion = "2", Timeout = TimeSpan.FromMinutes(5), LabelSelector = "a=b" }))
        {
            events.Add(ev);
        }

        events.Should().ContainSingle().Which.Object!.Spec!.HolderIdentity.Should().Be("me");
        handler.Requests[0].Uri.PathAndQuery.Should().Be(
            "/prefix/apis/coordination.k8s.io/v1/namespaces/kube-system/leases?watch=1&allowWatchBookmarks=true&resourceVersion=2&labelSelector=a%3Db&timeoutSeconds=300");
    }

    [Fact]
    public async Task Resource_Unstructured_SharesVerbsWithTypedClient()
    {
        handler.Respond(HttpStatusCode.OK, """{"apiVersion":"example.com/v1","kind":"WidgetList","metadata":{},"items":[{"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"size":1}}]}""");
        var widgets = new ResourceType("example.com", "v1", "Widget", "widgets", Namespaced: true);

        var list = await client.Resource(widgets).ListAsync(new ListOptions { Namespace = "n" });

        list.Items.Should().ContainSingle().Which.GetField("spec")!["size"]!.GetValue<int>().Should().Be(1);
        handler.Requests[0].Uri.AbsolutePath.Should().Be("/prefix/apis/example.com/v1/namespaces/n/widgets");
    }

    [Fact]
    public async Task GetRawAsync_Path_ReturnsBody()
    {
        handler.Respond(HttpStatusCode.OK, """{"major":"1","minor":"32"}""");

        var body = await client.GetRawAsync("/version");

        body.Should().Contain("\"minor\":\"32\"");
    }

    [Fact]
    public async Task ListAllAsync_SeveralPages_FollowsContinueAndConcatenates()
    {
        handler.Respond(HttpStatusCode.OK, """{"metadata":{"resourceVersion":"7","continue":"p2"},"items":[{"metadata":{"name":"a"}}]}""")
            .Respond(HttpStatusCode.OK, """{"metadata":{"resourceVersion":"7"},"items":[{"metadata":{"name":"b"}}]}""");

        var all = await client.Resource<ConfigMap>().ListAllAsync(new ListOptions { Namespace = "shop", ResourceVersion = "0" }, pageSize: 1);

        all.Items.Select(i => i.Metadata.Name).Should().Equal("a", "b");
        all.Metadata.ResourceVersion.Should().Be("7");
        handler.Requests[0].Uri.Query.Should().Be("?limit=1&resourceVersion=0&timeout=30s");
        handler.Requests[1].Uri.Query.Should().Be("?limit=1&continue=p2&timeout=30s");
    }

    public void Dispose() => client.Dispose();
}
