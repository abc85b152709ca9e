using System.Text;
using System.Text.Json;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;
using Tdcc.Mesh.Kube.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Tests.Client;

public sealed class WatchStreamReaderTests
{
    private const string Added = """{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"10"},"data":{"k":"v"}}}""";
    private const string Modified = """{"type":"MODIFIED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"11"}}}""";
    private const string Deleted = """{"type":"DELETED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","resourceVersion":"12"}}}""";
    private const string Bookmark = """{"type":"BOOKMARK","object":{"kind":"ConfigMap","apiVersion":"v1","metadata":{"resourceVersion":"20","annotations":{"k8s.io/initial-events-end":"true"}}}}""";
    private const string Expired = """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 1 (5)","reason":"Expired","code":410}}""";

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadAsync_EventsSplitAcrossReads_DecodesAllInOrder(int chunkSize)
    {
        var events = await ReadAll(Lines(Added, Modified, Bookmark, Deleted), chunkSize);

        events.Select(e => e.Type).Should().Equal(WatchEventType.Added, WatchEventType.Modified, WatchEventType.Bookmark, WatchEventType.Deleted);
        events[0].Object!.Data!["k"].Should().Be("v");
        events[2].Object!.Metadata.ResourceVersion.Should().Be("20");
        events[3].Object!.Metadata.ResourceVersion.Should().Be("12");
    }

    [Fact]
    public async Task ReadAsync_EndpointSliceBookmark_DecodesWithoutSpecFields()
    {
        var data = Lines("""{"type":"BOOKMARK","object":{"kind":"EndpointSlice","apiVersion":"discovery.k8s.io/v1","metadata":{"resourceVersion":"7"}}}""");

        var events = await ReadAll<EndpointSlice>(data, 3);

        events.Should().ContainSingle().Which.Object!.Metadata.ResourceVersion.Should().Be("7");
    }

    [Fact]
    public async Task ReadAsync_Expired410ErrorEvent_ThrowsAfterEarlierEvents()
    {
        var seen = new List<WatchEvent<ConfigMap>>();
        var act = async () =>
        {
            await foreach (var ev in WatchStreamReader.ReadAsync(new ChunkedStream(Lines(Added, Expired, Modified), 5), ConfigMap.JsonTypeInfo))
            {
                seen.Add(ev);
            }
        };

        var error = (await act.Should().ThrowAsync<KubeApiException>()).Which;
        error.Reason.Should().Be(KubeErrorReason.Expired);
        error.StatusCode.Should().Be(410);
        error.IsGone.Should().BeTrue();
        seen.Should().ContainSingle().Which.Type.Should().Be(WatchEventType.Added);
    }

    [Fact]
    public async Task ReadAsync_Gone410WithoutReason_ThrowsGone()
    {
        var act = () => ReadAll(Lines("""{"type":"ERROR","object":{"kind":"Status","code":410}}"""), 64);

        (await act.Should().ThrowAsync<KubeApiException>()).Which.Reason.Should().Be(KubeErrorReason.Gone);
    }

    [Fact]
    public async Task ReadAsync_Non410ErrorEvent_IsYielded()
    {
        var events = await ReadAll(Lines("""{"type":"ERROR","object":{"kind":"Status","code":500,"reason":"InternalError","message":"x"}}""", Added), 64);

        events[0].Type.Should().Be(WatchEventType.Error);
        events[0].Error!.Code.Should().Be(500);
        events[0].Object.Should().BeNull();
        events[1].Type.Should().Be(WatchEventType.Added);
    }

    [Fact]
    public async Task ReadAsync_LargeLine_DecodesWithFewScans()
    {
        var big = new string('x', 2 * 1024 * 1024);
        var line = $$$$"""{"type":"ADDED","object":{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"big"},"data":{"blob":"{{{{big}}}}"}}}""";

        var events = await ReadAll(Lines(line, Modified), 16 * 1024);

        events.Should().HaveCount(2);
        events[0].Object!.Data!["blob"].Should().HaveLength(big.Length);
    }

    [Fact]
    public async Task ReadAsync_LastLineWithoutNewline_IsStillDecoded()
    {
        var events = await ReadAll(Encoding.UTF8.GetBytes(Added + "\n" + Modified), 10);

        events.Should().HaveCount(2);
    }

    [Fact]
    public async Task ReadAsync_TruncatedEvent_Throws()
    {
        var act = () => ReadAll(Encoding.UTF8.GetBytes(Added + "\n" + Modified[..20]), 10);

        await act.Should().ThrowAsync<JsonException>();
    }

    [Fact]
    public async Task ReadAsync_BlankLinesAndCarriageReturns_AreIgnored()
    {
        var events = await ReadAll(Encoding.UTF8.GetBytes("\n\r\n" + Added + "\r\n\n" + Modified + "\n"), 4);

        events.Should().HaveCount(2);
    }

    [Fact]
    public async Task ReadAsync_EventOverLimit_Throws()
    {
        var act = async () =>
        {
            await foreach (var ev in WatchStreamReader.ReadAsync(new ChunkedStream(Lines(Added), 8), ConfigMap.JsonTypeInfo, maxEventBytes: 16))
            {
                _ = ev;
            }
        };

        await act.Should().ThrowAsync<KubeApiException>();
    }

    [Fact]
    public async Task ReadAsync_UnknownEventType_Throws()
    {
        var act = () => ReadAll(Lines("""{"type":"SURPRISE","object":{}}"""), 64);

        await act.Should().ThrowAsync<JsonException>();
    }

    [Fact]
    public async Task ReadAsync_ObjectNotFittingTheType_ReportsItAndGoesOn()
    {
        const string bad = """{"type":"MODIFIED","object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"namespace":"rt","name":"bad","resourceVersion":"53"},"spec":{"replicas":"three"}}}""";
        const string good = """{"type":"ADDED","object":{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"namespace":"rt","name":"good","resourceVersion":"54"},"spec":{"replicas":3}}}""";

        var events = await ReadAll<Deployment>(Lines(bad, good), 16);

        events.Should().HaveCount(2);
        events[0].Object.Should().BeNull();
        events[0].Undecodable.Should().NotBeNull();
        events[0].Undecodable!.Key.Should().Be(new ObjectKey("rt", "bad"));
        events[0].Undecodable!.ResourceVersion.Should().Be("53");
        events[0].Undecodable!.Error.Should().Contain("replicas");
        events[1].Object!.Spec!.Replicas.Should().Be(3);
    }

    private static Task<List<WatchEvent<ConfigMap>>> ReadAll(byte[] data, int chunkSize) => ReadAll<ConfigMap>(data, chunkSize);

    private static async Task<List<WatchEvent<T>>> ReadAll<T>(byte[] data, int chunkSize)
        where T : class, IKubeObject<T>
    {
        var result = new List<WatchEvent<T>>();
        await foreach (var ev in WatchStreamReader.ReadAsync(new ChunkedStream(data, chunkSize), T.JsonTypeInfo))
        {
            result.Add(ev);
        }

        return result;
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")));
}
