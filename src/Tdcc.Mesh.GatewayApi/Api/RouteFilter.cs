using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary>
/// A route filter (<c>HTTPRouteFilter</c>, <c>GRPCRouteFilter</c>): its type and the settings of the core and extended
/// filters; other settings (such as <c>extensionRef</c>) stay in <see cref="Extra"/>. The mesh supports no filter yet
/// (it reports every one by type); the ingress gateway supports the typed ones.
/// </summary>
public sealed record RouteFilter
{
    /// <summary>For example <c>RequestHeaderModifier</c>, <c>RequestMirror</c>, <c>URLRewrite</c>, <c>ExtensionRef</c>.</summary>
    public required string Type { get; init; }

    /// <summary>Settings of a <c>RequestHeaderModifier</c>.</summary>
    public HttpHeaderFilter? RequestHeaderModifier { get; init; }

    /// <summary>Settings of a <c>ResponseHeaderModifier</c>.</summary>
    public HttpHeaderFilter? ResponseHeaderModifier { get; init; }

    /// <summary>Settings of a <c>RequestRedirect</c>.</summary>
    public HttpRequestRedirectFilter? RequestRedirect { get; init; }

    /// <summary>Settings of a <c>URLRewrite</c> (JSON <c>urlRewrite</c>).</summary>
    public HttpUrlRewriteFilter? UrlRewrite { get; init; }

    /// <summary>Settings of a <c>RequestMirror</c>.</summary>
    public HttpRequestMirrorFilter? RequestMirror { get; init; }

    /// <summary>The filter's settings, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
