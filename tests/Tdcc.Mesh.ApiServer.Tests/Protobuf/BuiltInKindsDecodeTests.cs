using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Protobuf;
using static Tdcc.Mesh.ApiServer.Tests.Protobuf.Proto;

namespace Tdcc.Mesh.ApiServer.Tests.Protobuf;

/// <summary>Round trips: bytes written here from the upstream field numbers decode to the JSON kube would serve.</summary>
public sealed class BuiltInKindsDecodeTests
{
    private static JsonObject DecodeOk(byte[] body) => KubeProtobuf.Decode(body, out _, out _)!;

    [Fact]
    public void Decode_Service_MapsPortsSelectorAndType()
    {
        var body = Envelope("v1", "Service", Concat(
            Message(1, Str(1, "s"), Str(3, "default"), Str(4, string.Empty), Int(7, 0)),
            Message(
                2,
                Message(1, Str(1, "http"), Str(2, "TCP"), Int(3, 80), IntOrString(4, 8080), Int(5, 0)),
                Message(1, Str(1, "web"), Str(2, "TCP"), Int(3, 443), IntOrString(4, "https"), Int(5, 30443)),
                Entry(2, "app", "web"),
                Str(4, "NodePort"),
                Str(7, "ClientIP"),
                Str(3, string.Empty),
                Bool(12, false)),
            Message(3, Message(1))));

        var json = DecodeOk(body).ToJsonString();

        json.Should().Be("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"default"},"spec":{"ports":[{"name":"http","protocol":"TCP","port":80,"targetPort":8080},{"name":"web","protocol":"TCP","port":443,"targetPort":"https","nodePort":30443}],"selector":{"app":"web"},"type":"NodePort","sessionAffinity":"ClientIP"},"status":{"loadBalancer":{}}}""");
    }
}
