using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Spec of a Localization or Globalization: which feed, how urgent, and the overrides in order.</summary>
public sealed record OverrideSpec
{
    /// <summary>The feed overridden (the same apiVersion/kind/namespace/name, or the Helm chart's chart name, as in the Subscription).</summary>
    public Feed? Feed { get; init; }

    /// <summary>0 to 1000 (default 500); lower priorities apply first, so a higher priority wins a conflict.</summary>
    public int? Priority { get; init; }

    /// <summary>Globalization only: the clusters it applies to (unset: all).</summary>
    public LabelSelector? ClusterSelector { get; init; }

    /// <summary>The overrides, applied in this order.</summary>
    public ImmutableArray<OverrideRule>? Overrides { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One override; <see cref="Type"/> says which of the other fields it uses.</summary>
public sealed record OverrideRule
{
    /// <summary>An optional name, shown in errors.</summary>
    public string? Name { get; init; }

    /// <summary>One of <see cref="OverrideTypes"/>.</summary>
    public string? Type { get; init; }

    /// <summary>MergePatch: the patch object; JSONPatch: the operations array; HelmValues: the values object.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>Image: what to replace in the images.</summary>
    public ImageOverride? Image { get; init; }

    /// <summary>Labels: keys to set (an empty value removes the key).</summary>
    public ImmutableDictionary<string, string>? Labels { get; init; }

    /// <summary>Annotations: keys to set (an empty value removes the key).</summary>
    public ImmutableDictionary<string, string>? Annotations { get; init; }

    /// <summary>Args: the container and its args.</summary>
    public ArgsOverride? Args { get; init; }

    /// <summary>Env: the container and its variables.</summary>
    public EnvOverride? Env { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Replaces parts of the image references of the pod template's containers.</summary>
public sealed record ImageOverride
{
    /// <summary>Only this container (unset: every container and init container).</summary>
    public string? Container { get; init; }

    /// <summary>New registry host (for example <c>registry.east.example</c>).</summary>
    public string? Registry { get; init; }

    /// <summary>New repository path.</summary>
    public string? Repository { get; init; }

    /// <summary>New tag.</summary>
    public string? Tag { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A container's args: appended (default) or replaced.</summary>
public sealed record ArgsOverride
{
    /// <summary>The container (unset: the first).</summary>
    public string? Container { get; init; }

    /// <summary><c>Append</c> (default) or <c>Replace</c>.</summary>
    public string? Operation { get; init; }

    public ImmutableArray<string>? Values { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Environment variables set on a container (replacing a variable of the same name).</summary>
public sealed record EnvOverride
{
    /// <summary>The container (unset: every container).</summary>
    public string? Container { get; init; }

    public ImmutableDictionary<string, string>? Values { get; init; }

    /// <summary>Fields this model does not name, kept verbatim (setter only for the source generator; treat it as read-only).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
