using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Protobuf;
using Tdcc.Mesh.ApiServer.Tests.Objects;
using Tdcc.Mesh.ApiServer.Tests.Objects.Validation;

namespace Tdcc.Mesh.ApiServer.Tests.Protobuf;

/// <summary>Responses in application/vnd.kubernetes.protobuf: what kube answers, checked by decoding them back.</summary>
public sealed class ProtobufResponseTests
{
    private const string Protobuf = "application/vnd.kubernetes.protobuf";

    public static TheoryData<int> Samples() => [.. Enumerable.Range(0, BuiltInSamples.All.Count)];

    [Theory]
    [MemberData(nameof(Samples))]
    public async Task Get_BuiltInSampleAsProtobuf_DecodesToTheJsonAnswerAndReencodesToTheSameBytes(int index)
    {
        await using var h = await ApiServerHarness.StartAsync();
        await BuiltInSamples.CreateNamespaceAsync(h);
        var (path, json) = BuiltInSamples.All[index];
        var sample = BuiltInSamples.Parse(json);
        var (created, body) = await h.PostAsync(path, sample);
        created.Should().Be(201, body.ToJsonString());
        var objectPath = $"{path}/{(string?)sample["metadata"]!["name"]}";
        var (_, asJson) = await h.GetAsync(objectPath);

        var (code, contentType, bytes) = await GetBytesAsync(h, objectPath, $"{Protobuf},application/json");

        code.Should().Be(200);
        contentType.Should().Be(Protobuf);
        var decoded = KubeProtobuf.Decode(bytes, out var apiVersion, out var kind)!;
        (apiVersion, kind).Should().Be(((string)sample["apiVersion"]!, (string)sample["kind"]!));
        JsonNode.DeepEquals(decoded, QuantitiesAsStrings(asJson)).Should().BeTrue($"protobuf {decoded.ToJsonString()} is the JSON answer {asJson.ToJsonString()}");
        KubeProtobuf.Encode(decoded).Should().Equal(bytes, "decoded then encoded gives the same bytes");
    }

    [Fact]
    public async Task List_AsProtobuf_IsTheKindsListMessageWithListMeta()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/api/v1/namespaces/default/configmaps", ApiServerHarness.ConfigMap("a"));
        await h.PostAsync("/api/v1/namespaces/default/configmaps", ApiServerHarness.ConfigMap("b"));
        var (_, asJson) = await h.GetAsync("/api/v1/namespaces/default/configmaps?limit=1");

        var (code, contentType, bytes) = await GetBytesAsync(h, "/api/v1/namespaces/default/configmaps?limit=1", Protobuf);

        code.Should().Be(200);
        contentType.Should().Be(Protobuf);
        var decoded = KubeProtobuf.Decode(bytes, out _, out var kind)!;
        kind.Should().Be("ConfigMapList");
        ((string?)decoded["metadata"]!["continue"]).Should().NotBeNullOrEmpty();
        ((long)decoded["metadata"]!["remainingItemCount"]!).Should().Be(1);
        var items = asJson["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        items.ForEach(i => { i.Remove("apiVersion"); i.Remove("kind"); });
        JsonNode.DeepEquals(decoded["items"], new JsonArray([.. items.Select(i => i.DeepClone())])).Should().BeTrue("list items carry no apiVersion and kind in protobuf: " + decoded.ToJsonString());
    }

    [Fact]
    public async Task Get_MissingObjectAsProtobuf_IsAProtobufStatus()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, contentType, bytes) = await GetBytesAsync(h, "/api/v1/namespaces/default/configmaps/nope", $"{Protobuf},application/json");

        code.Should().Be(404);
        contentType.Should().Be(Protobuf);
        var status = KubeProtobuf.Decode(bytes, out var apiVersion, out var kind)!;
        (apiVersion, kind).Should().Be(("v1", "Status"));
        ((string?)status["reason"]).Should().Be("NotFound");
        ((int)status["code"]!).Should().Be(404);
        ((string?)status["message"]).Should().Be("configmaps \"nope\" not found");
    }

    [Fact]
    public async Task Delete_AsProtobuf_AnswersTheSuccessStatusAsProtobuf()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/api/v1/namespaces/default/configmaps", ApiServerHarness.ConfigMap("a"));
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/a");
        request.Headers.TryAddWithoutValidation("Accept", Protobuf);

        using var response = await h.Client.SendAsync(request);

        response.Content.Headers.ContentType!.MediaType.Should().Be(Protobuf);
        var status = KubeProtobuf.Decode(await response.Content.ReadAsByteArrayAsync(), out _, out _)!;
        ((string?)status["status"]).Should().Be("Success");
        ((string?)status["details"]!["name"]).Should().Be("a");
    }

    [Fact]
    public async Task Get_CustomResourceAsProtobufOnly_Is406AsJson_AndFallsBackToJsonWhenAccepted()
    {
        await using var h = await ApiServerHarness.StartAsync();
        (await h.PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", CustomResourceTests.WidgetCrd())).Code.Should().Be(201);

        var (refused, refusedType, refusedBody) = await GetBytesAsync(h, "/apis/example.com/v1/namespaces/default/widgets", Protobuf);
        var (fallback, fallbackType, _) = await GetBytesAsync(h, "/apis/example.com/v1/namespaces/default/widgets", $"{Protobuf},application/json");

        refused.Should().Be(406);
        refusedType.Should().Be("application/json");
        var status = JsonNode.Parse(refusedBody)!;
        ((string?)status["reason"]).Should().Be("NotAcceptable");
        ((string?)status["message"]).Should().Be("only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf");
        fallback.Should().Be(200);
        fallbackType.Should().Be("application/json");
    }

    [Fact]
    public async Task List_TableAsProtobuf_IsNotAcceptable_AsKubeServesTablesOnlyAsJson()
    {
        await using var h = await ApiServerHarness.StartAsync();

        var (code, _, _) = await GetBytesAsync(h, "/api/v1/namespaces/default/configmaps", $"{Protobuf};as=Table;v=v1;g=meta.k8s.io");

        code.Should().Be(406);
    }

    [Fact]
    public async Task List_PartialObjectMetadataAsProtobuf_HoldsOnlyMetadata()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/api/v1/namespaces/default/configmaps", ApiServerHarness.ConfigMap("a"));

        var (code, _, bytes) = await GetBytesAsync(h, "/api/v1/namespaces/default/configmaps", $"{Protobuf};as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json");

        code.Should().Be(200);
        var list = KubeProtobuf.Decode(bytes, out var apiVersion, out var kind)!;
        (apiVersion, kind).Should().Be(("meta.k8s.io/v1", "PartialObjectMetadataList"));
        var item = list["items"]!.AsArray().Single()!.AsObject();
        ((string?)item["metadata"]!["name"]).Should().Be("a");
        item.ContainsKey("data").Should().BeFalse();
    }

    [Fact]
    public async Task Watch_AsProtobuf_WritesLengthPrefixedWatchEventsHoldingEnvelopedObjects()
    {
        await using var h = await ApiServerHarness.StartAsync();
        await h.PostAsync("/api/v1/namespaces/default/configmaps", ApiServerHarness.ConfigMap("a"));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=0&timeoutSeconds=1");
        request.Headers.TryAddWithoutValidation("Accept", $"{Protobuf},application/json");

        using var response = await h.Client.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();

        response.Content.Headers.ContentType!.MediaType.Should().Be(Protobuf);
        response.Content.Headers.ContentType.Parameters.Should().ContainSingle(p => p.Name == "stream" && p.Value == "watch");
        var length = BinaryPrimitives.ReadInt32BigEndian(bytes);
        bytes.Length.Should().Be(4 + length, "one event (the ADDED of a), then the stream ends at its timeout");
        var (type, raw) = ReadWatchEvent(bytes.AsSpan(4, length));
        type.Should().Be("ADDED");
        var obj = KubeProtobuf.Decode(raw, out _, out var kind)!;
        kind.Should().Be("ConfigMap");
        ((string?)obj["metadata"]!["name"]).Should().Be("a");
    }

    /// <summary>resource.Quantity is a string in protobuf; the JSON answer keeps a number a client wrote (kube would print its canonical string).</summary>
    private static JsonNode QuantitiesAsStrings(JsonNode node)
    {
        var copy = node.DeepClone();
        Visit(copy, inQuantities: false);
        return copy;

        static void Visit(JsonNode? current, bool inQuantities)
        {
            if (current is JsonArray array)
            {
                array.ToList().ForEach(i => Visit(i, inQuantities: false));
            }
            else if (current is JsonObject obj)
            {
                foreach (var (key, value) in obj.ToList())
                {
                    if (inQuantities && value is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                    {
                        obj[key] = v.ToJsonString();
                    }
                    else
                    {
                        Visit(value, key is "requests" or "limits" or "capacity" or "allocatable");
                    }
                }
            }
        }
    }

    private static (string Type, byte[] Raw) ReadWatchEvent(ReadOnlySpan<byte> frame)
    {
        var type = string.Empty;
        byte[] raw = [];
        var reader = new ProtoReader(frame);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadKey();
            if (field == 1)
            {
                type = System.Text.Encoding.UTF8.GetString(reader.ReadLengthDelimited());
            }
            else if (field == 2)
            {
                var extension = new ProtoReader(reader.ReadLengthDelimited());
                extension.ReadKey().Should().Be((1, 2));
                raw = extension.ReadLengthDelimited().ToArray();
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return (type, raw);
    }

    private static async Task<(int Code, string? ContentType, byte[] Body)> GetBytesAsync(ApiServerHarness h, string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await h.Client.SendAsync(request);
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsByteArrayAsync());
    }
}
