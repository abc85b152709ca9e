using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Runtime.Undecodable;

/// <summary>
/// A typed kind whose CRD (<see cref="GadgetCrd"/>) accepts any spec while this record expects an integer
/// <c>spec.replicas</c>: the server stores objects the typed client cannot decode, whatever validation the server does.
/// </summary>
public sealed record Gadget : IKubeObject<Gadget>
{
    public static ResourceType Resource => GadgetCrd.Resource;

    public static JsonTypeInfo<Gadget> JsonTypeInfo => GadgetJsonContext.Default.Gadget;

    public static JsonTypeInfo<KubeList<Gadget>> ListJsonTypeInfo => GadgetJsonContext.Default.KubeListGadget;

    public string? ApiVersion { get; init; } = GadgetCrd.Resource.ApiVersion;
    public string? Kind { get; init; } = GadgetCrd.Resource.Kind;
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public GadgetSpec? Spec { get; init; }

    /// <summary>Fields this model does not name (setter only for the source generator).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    public Gadget WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>Spec of a <see cref="Gadget"/>.</summary>
public sealed record GadgetSpec
{
    public int Replicas { get; init; }
}
