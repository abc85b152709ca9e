using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tdcc.Mesh.Kube.Model;

/// <summary><c>metav1.ObjectMeta</c>. Unknown fields survive a round trip through <see cref="Extra"/>.</summary>
public sealed record ObjectMeta
{
    /// <summary>Metadata with no field set. The JSON source generator sets absent init-only properties to null, so kinds read missing metadata as this.</summary>
    public static ObjectMeta Empty { get; } = new();

    public string? Name { get; init; }
    public string? GenerateName { get; init; }
    public string? Namespace { get; init; }
    public string? Uid { get; init; }
    public string? ResourceVersion { get; init; }
    public long? Generation { get; init; }
    public DateTimeOffset? CreationTimestamp { get; init; }
    public DateTimeOffset? DeletionTimestamp { get; init; }
    public long? DeletionGracePeriodSeconds { get; init; }
    public ImmutableDictionary<string, string>? Labels { get; init; }
    public ImmutableDictionary<string, string>? Annotations { get; init; }
    public ImmutableArray<OwnerReference>? OwnerReferences { get; init; }
    public ImmutableArray<string>? Finalizers { get; init; }
    public JsonElement? ManagedFields { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>metav1.OwnerReference</c>.</summary>
public sealed record OwnerReference
{
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    public required string Name { get; init; }
    public required string Uid { get; init; }
    public bool? Controller { get; init; }
    public bool? BlockOwnerDeletion { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary><c>metav1.ListMeta</c>.</summary>
public sealed record ListMeta
{
    /// <summary>List metadata with no field set.</summary>
    public static ListMeta Empty { get; } = new();

    public string? ResourceVersion { get; init; }
    public string? Continue { get; init; }
    public long? RemainingItemCount { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A list of objects of one kind, as returned by a list call.</summary>
public sealed record KubeList<T>
    where T : class
{
    public string? ApiVersion { get; init; }
    public string? Kind { get; init; }
    public ListMeta Metadata { get => field ?? ListMeta.Empty; init; } = ListMeta.Empty;
    public ImmutableArray<T> Items { get => field.IsDefault ? [] : field; init; }

    /// <summary>
    /// Items the server returned that do not decode into <typeparamref name="T"/>; they are left out of
    /// <see cref="Items"/> so the others still arrive. Never serialized.
    /// </summary>
    [JsonIgnore]
    public ImmutableArray<Client.UndecodableObject> Undecodable { get => field.IsDefault ? [] : field; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
