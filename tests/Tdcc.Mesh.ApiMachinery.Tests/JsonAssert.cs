using System.Text.Json.Nodes;

namespace Tdcc.Mesh.ApiMachinery.Tests;

internal static class JsonAssert
{
    public static void Equal(JsonNode? actual, string expectedJson)
    {
        var expected = JsonNode.Parse(expectedJson);
        JsonNode.DeepEquals(actual, expected).Should().BeTrue(
            "expected {0} but got {1}", expected?.ToJsonString() ?? "null", actual?.ToJsonString() ?? "null");
    }

    public static JsonNode Parse(string json) => JsonNode.Parse(json)!;

    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();
}
