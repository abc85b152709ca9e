using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Protobuf;

namespace Tdcc.Mesh.ApiServer.Tests.Protobuf;

public sealed class KubeProtobufTests
{
    /// <summary>The body <c>kubectl create namespace x</c> (v1.32) sends, captured with -v=8.</summary>
    private static readonly byte[] KubectlNamespace = Convert.FromHexString(
        "6b3873000a0f0a0276311209" + "4e616d657370616365" + "12190a110a017812001a00220" + "02a00320038004200" + "12001a020a001a002200");

    [Fact]
    public void Decode_KubectlCreateNamespaceBody_YieldsNamespaceJson()
    {
        var obj = KubeProtobuf.Decode(KubectlNamespace, out var apiVersion, out var kind);

        apiVersion.Should().Be("v1");
        kind.Should().Be("Namespace");
        obj!.ToJsonString().Should().Be("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"x\"},\"spec\":{},\"status\":{}}");
    }

    [Fact]
    public void Decode_ConfigMapWithLabelsAndData_MapsFields()
    {
        var obj = KubeProtobuf.Decode(ConfigMapBody("cfg", "team"), out _, out _);

        obj!.ToJsonString().Should().Be("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cfg\",\"namespace\":\"team\",\"labels\":{\"app\":\"web\"}},\"data\":{\"a\":\"b\",\"c\":\"d\"},\"binaryData\":{\"bin\":\"AQI=\"}}");
    }

    [Fact]
    public void Decode_KindWithoutDecoder_ReturnsNull()
    {
        var body = Envelope("example.com/v1", "Widget", Message(1, Message(1, Str(1, "web"))));

        KubeProtobuf.Decode(body, out var apiVersion, out var kind).Should().BeNull();
        (apiVersion, kind).Should().Be(("example.com/v1", "Widget"));
    }

    [Fact]
    public void Decode_MissingMagic_Throws()
    {
        var act = () => KubeProtobuf.Decode("{}"u8, out _, out _);

        act.Should().Throw<FormatException>();
    }

    [Fact]
    public async Task Post_ProtobufConfigMap_Created()
    {
        await using var h = await ApiServerHarness.StartAsync();
        using var content = new ByteArrayContent(ConfigMapBody("cfg", "default"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");

        using var response = await h.Client.PostAsync("/api/v1/namespaces/default/configmaps?fieldManager=kubectl-create", content);

        ((int)response.StatusCode).Should().Be(201);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)created["data"]!["c"]).Should().Be("d");
        ((string?)created["metadata"]!["uid"]).Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Post_ProtobufOfAVersionWithoutTables_UnsupportedMediaType()
    {
        await using var h = await ApiServerHarness.StartAsync();
        using var content = new ByteArrayContent(Envelope("apps/v1beta9", "Deployment", Message(1, Message(1, Str(1, "web")))));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");

        using var response = await h.Client.PostAsync("/apis/apps/v1/namespaces/default/deployments", content);

        ((int)response.StatusCode).Should().Be(415);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)status["reason"]).Should().Be("UnsupportedMediaType");
    }

    [Fact]
    public async Task Post_ProtobufWithAFieldWeDoNotDecode_BadRequestNamingIt()
    {
        await using var h = await ApiServerHarness.StartAsync();
        using var content = new ByteArrayContent(Envelope("apps/v1", "Deployment", [.. Message(1, Str(1, "web")), .. Message(2, Str(15, "x"))]));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");

        using var response = await h.Client.PostAsync("/apis/apps/v1/namespaces/default/deployments", content);

        ((int)response.StatusCode).Should().Be(400);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        ((string?)status["message"]).Should().Contain("Deployment.spec: field 15 of DeploymentSpec is not one this server decodes");
    }

    [Fact]
    public void Decode_DeleteOptionsOfAnyGroupVersion_KeepsAZeroGracePeriod()
    {
        var body = Envelope("apps/v1", "DeleteOptions", [.. Varint(1, 0), .. Message(2, Str(1, "u-1")), .. Str(4, "Foreground"), .. Str(5, "All")]);

        var obj = KubeProtobuf.Decode(body, out _, out var kind);

        kind.Should().Be("DeleteOptions");
        obj!.ToJsonString().Should().Be("{\"apiVersion\":\"apps/v1\",\"kind\":\"DeleteOptions\",\"gracePeriodSeconds\":0,\"preconditions\":{\"uid\":\"u-1\"},\"propagationPolicy\":\"Foreground\",\"dryRun\":[\"All\"]}");
    }

    [Fact]
    public async Task Delete_ProtobufDeleteOptionsBody_IsHonoured()
    {
        // client-go's typed clients (helm's release storage) send DeleteOptions as protobuf with their delete.
        await using var h = await ApiServerHarness.StartAsync();
        using (var create = new ByteArrayContent(ConfigMapBody("cfg", "default")))
        {
            create.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
            using var created = await h.Client.PostAsync("/api/v1/namespaces/default/configmaps", create);
            ((int)created.StatusCode).Should().Be(201);
        }

        var dryRun = await DeleteAsync(h, Envelope("v1", "DeleteOptions", Str(5, "All")));
        using (var kept = await h.Client.GetAsync("/api/v1/namespaces/default/configmaps/cfg"))
        {
            ((int)kept.StatusCode).Should().Be(200, "a dry run deletes nothing");
        }

        var delete = await DeleteAsync(h, Envelope("v1", "DeleteOptions", [.. Varint(1, 0), .. Str(4, "Background")]));

        dryRun.Should().Be(200);
        delete.Should().Be(200);
        using var gone = await h.Client.GetAsync("/api/v1/namespaces/default/configmaps/cfg");
        ((int)gone.StatusCode).Should().Be(404);
    }

    private static async Task<int> DeleteAsync(ApiServerHarness h, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/api/v1/namespaces/default/configmaps/cfg") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/vnd.kubernetes.protobuf");
        using var response = await h.Client.SendAsync(request);
        return (int)response.StatusCode;
    }

    private static byte[] Varint(int field, byte value) => [(byte)(field << 3), value];

    private static byte[] ConfigMapBody(string name, string ns) =>
        Envelope("v1", "ConfigMap", [
            .. Message(1, [.. Str(1, name), .. Str(3, ns), .. Str(4, string.Empty), .. Message(11, [.. Str(1, "app"), .. Str(2, "web")])]),
            .. Message(2, [.. Str(1, "a"), .. Str(2, "b")]),
            .. Message(2, [.. Str(1, "c"), .. Str(2, "d")]),
            .. Message(3, [.. Str(1, "bin"), .. Bytes(2, [1, 2])]),
        ]);

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [0x6b, 0x38, 0x73, 0x00, .. Message(1, [.. Str(1, apiVersion), .. Str(2, kind)]), .. Bytes(2, raw)];

    private static byte[] Str(int field, string value) => Bytes(field, System.Text.Encoding.UTF8.GetBytes(value));

    private static byte[] Message(int field, byte[] body) => Bytes(field, body);

    private static byte[] Bytes(int field, byte[] value)
    {
        if (value.Length > 127)
        {
            throw new ArgumentException("test helper only writes short fields", nameof(value));
        }

        return [(byte)((field << 3) | 2), (byte)value.Length, .. value];
    }
}
