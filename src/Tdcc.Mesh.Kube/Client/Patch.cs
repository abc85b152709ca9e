namespace Tdcc.Mesh.Kube.Client;

/// <summary>The patch formats the API server accepts.</summary>
public enum PatchType
{
    /// <summary>RFC 7386 JSON merge patch, <c>application/merge-patch+json</c>.</summary>
    Merge,
    /// <summary>RFC 6902 JSON patch, <c>application/json-patch+json</c>.</summary>
    Json,
    /// <summary>Kubernetes strategic merge patch, <c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMerge,
    /// <summary>Server-side apply, <c>application/apply-patch+yaml</c>.</summary>
    Apply,
}

/// <summary>A patch body with its format.</summary>
public sealed record Patch(PatchType Type, string Body)
{
    /// <summary>The request content type for this patch.</summary>
    public string ContentType => Type switch
    {
        PatchType.Merge => "application/merge-patch+json",
        PatchType.Json => "application/json-patch+json",
        PatchType.StrategicMerge => "application/strategic-merge-patch+json",
        PatchType.Apply => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(Type), Type, "unknown patch type"),
    };
}
