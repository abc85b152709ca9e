using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary><c>HTTPHeaderFilter</c>: headers to set, add and remove.</summary>
public sealed record HttpHeaderFilter
{
    /// <summary>Set (replacing any value).</summary>
    public ImmutableArray<HttpHeader>? Set { get; init; }

    /// <summary>Add (keeping values already there).</summary>
    public ImmutableArray<HttpHeader>? Add { get; init; }

    /// <summary>Names to remove (case-insensitive).</summary>
    public ImmutableArray<string>? Remove { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A header name and value.</summary>
public sealed record HttpHeader
{
    public required string Name { get; init; }
    public required string Value { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>HTTPRequestRedirectFilter</c>: answer with a redirect; absent parts keep the request's.</summary>
public sealed record HttpRequestRedirectFilter
{
    /// <summary><c>http</c> or <c>https</c>.</summary>
    public string? Scheme { get; init; }

    public string? Hostname { get; init; }

    public HttpPathModifier? Path { get; init; }

    public int? Port { get; init; }

    /// <summary>301 or 302 (default).</summary>
    public int? StatusCode { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>HTTPURLRewriteFilter</c>: a new host and/or path for the backend.</summary>
public sealed record HttpUrlRewriteFilter
{
    public string? Hostname { get; init; }

    public HttpPathModifier? Path { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>HTTPPathModifier</c>: <c>ReplaceFullPath</c> or <c>ReplacePrefixMatch</c>.</summary>
public sealed record HttpPathModifier
{
    public required string Type { get; init; }

    public string? ReplaceFullPath { get; init; }

    public string? ReplacePrefixMatch { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>HTTPRequestMirrorFilter</c>: a copy of the request to another backend.</summary>
public sealed record HttpRequestMirrorFilter
{
    public required BackendRef BackendRef { get; init; }

    /// <summary>The share mirrored, 0 to 100 (default 100).</summary>
    public int? Percent { get; init; }

    /// <summary>The share mirrored as a fraction (numerator/denominator, default denominator 100).</summary>
    public MirrorFraction? Fraction { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A fraction of requests.</summary>
public sealed record MirrorFraction
{
    public required int Numerator { get; init; }

    public int? Denominator { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
