using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.GatewayApi.Api;

/// <summary><c>RouteStatus</c>: one entry per parent a controller has looked at.</summary>
public sealed record RouteStatus
{
    /// <summary>The parents' entries; each controller owns the entries carrying its <see cref="RouteParentStatus.ControllerName"/>.</summary>
    public ImmutableArray<RouteParentStatus> Parents { get => field.IsDefault ? [] : field; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>RouteParentStatus</c>: how one parent took the route (conditions <c>Accepted</c> and <c>ResolvedRefs</c>).</summary>
public sealed record RouteParentStatus
{
    /// <summary>The parent, as the route names it.</summary>
    public required ParentReference ParentRef { get; init; }

    /// <summary>The controller that wrote this entry, e.g. <c>tdcc-mesh.io/mesh-controller</c>.</summary>
    public required string ControllerName { get; init; }

    /// <summary>The entry's conditions.</summary>
    public ImmutableArray<Condition> Conditions { get => field.IsDefault ? [] : field; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
