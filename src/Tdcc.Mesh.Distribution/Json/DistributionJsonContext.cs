using System.Text.Json.Serialization;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Kube.Json;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Json;

/// <summary>Source-generated serialization of the distribution kinds: camelCase, null fields omitted, RFC 3339 timestamps.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(Rfc3339DateTimeOffsetConverter), typeof(ImmutableArrayConverterFactory)])]
[JsonSerializable(typeof(Subscription))]
[JsonSerializable(typeof(KubeList<Subscription>))]
[JsonSerializable(typeof(Localization))]
[JsonSerializable(typeof(KubeList<Localization>))]
[JsonSerializable(typeof(Globalization))]
[JsonSerializable(typeof(KubeList<Globalization>))]
[JsonSerializable(typeof(SubscriptionSpec))]
[JsonSerializable(typeof(SubscriptionStatus))]
[JsonSerializable(typeof(OverrideSpec))]
[JsonSerializable(typeof(Delivery))]
[JsonSerializable(typeof(KubeList<Delivery>))]
public sealed partial class DistributionJsonContext : JsonSerializerContext;
