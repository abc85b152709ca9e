using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Serialization;

namespace Tdcc.Mesh.Charts.Tests;

/// <summary>The objects <c>helm template</c> printed, in order, and the YAML text itself.</summary>
internal sealed class RenderedChart
{
    private RenderedChart(string yaml, IReadOnlyList<JsonObject> objects)
    {
        Yaml = yaml;
        Objects = objects;
    }

    public string Yaml { get; }

    public IReadOnlyList<JsonObject> Objects { get; }

    public IEnumerable<string> Kinds => Objects.Select(o => (string)o["kind"]!);

    public static RenderedChart Parse(string yaml) =>
        new(yaml, YamlToJson.ConvertAll(yaml).OfType<JsonObject>().ToList());

    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind) => OfKind(kind).Should().ContainSingle($"one {kind} is rendered").Subject;

    /// <summary>The objects <paramref name="which"/> selects as one v1 List (what <c>kubectl apply -f -</c> reads).</summary>
    public string Documents(Func<JsonObject, bool> which) =>
        new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "List",
            ["items"] = new JsonArray(Objects.Where(which).Select(o => (JsonNode?)o.DeepClone()).ToArray()),
        }.ToJsonString();

    public static bool IsCrd(JsonObject o) => (string?)o["kind"] == "CustomResourceDefinition";

    /// <summary>The first container of the Deployment.</summary>
    public JsonObject Container => (JsonObject)Single("Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;

    public IReadOnlyList<string> Args => Container["args"]!.AsArray().Select(a => (string)a!).ToList();
}
