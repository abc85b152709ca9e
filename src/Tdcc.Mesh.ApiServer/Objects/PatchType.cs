namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>The PATCH body formats, by content type.</summary>
internal enum PatchType
{
    /// <summary><c>application/json-patch+json</c> (RFC 6902).</summary>
    Json,

    /// <summary><c>application/merge-patch+json</c> (RFC 7386).</summary>
    Merge,

    /// <summary><c>application/strategic-merge-patch+json</c>.</summary>
    StrategicMerge,

    /// <summary><c>application/apply-patch+yaml</c> (server-side apply).</summary>
    Apply,
}
