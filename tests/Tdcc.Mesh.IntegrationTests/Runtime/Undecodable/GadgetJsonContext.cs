using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.IntegrationTests.Runtime.Undecodable;

/// <summary>Source-generated serialization of <see cref="Gadget"/>, with the client's naming conventions.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Gadget))]
[JsonSerializable(typeof(KubeList<Gadget>))]
public sealed partial class GadgetJsonContext : JsonSerializerContext;
