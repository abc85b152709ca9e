using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>One HTTPRoute match: path, headers, query parameters and method, all of which must hold.</summary>
public sealed record HttpRouteMatch
{
    /// <summary>The path condition; absent means prefix <c>/</c>.</summary>
    public HttpPathMatch? Path { get; init; }

    /// <summary>Header conditions.</summary>
    public ImmutableArray<HeaderMatch>? Headers { get; init; }

    /// <summary>Query parameter conditions (not supported by the mesh yet).</summary>
    public ImmutableArray<HttpQueryParamMatch>? QueryParams { get; init; }

    /// <summary>The HTTP method (not supported by the mesh yet).</summary>
    public string? Method { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An HTTP path condition.</summary>
public sealed record HttpPathMatch
{
    /// <summary><c>Exact</c>, <c>PathPrefix</c> (default) or <c>RegularExpression</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The path, prefix or expression (default <c>/</c>).</summary>
    public string? Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A query parameter condition.</summary>
public sealed record HttpQueryParamMatch
{
    /// <summary><c>Exact</c> (default) or <c>RegularExpression</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The parameter's name (case-sensitive).</summary>
    public required string Name { get; init; }

    /// <summary>The value to compare with.</summary>
    public required string Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
