namespace Tdcc.Mesh.Kube.Client;

/// <summary>Query options of a list or watch call.</summary>
public sealed record ListOptions
{
    /// <summary>Namespace to list in; null lists across all namespaces (or a cluster-scoped kind).</summary>
    public string? Namespace { get; init; }
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int? Limit { get; init; }
    public string? Continue { get; init; }
    public string? ResourceVersion { get; init; }
    /// <summary><c>resourceVersionMatch</c>: <c>NotOlderThan</c> or <c>Exact</c>.</summary>
    public string? ResourceVersionMatch { get; init; }
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Query options of a watch call.</summary>
public sealed record WatchOptions
{
    public string? Namespace { get; init; }
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    /// <summary>Start after this resourceVersion; null starts with synthetic ADDED events for every object.</summary>
    public string? ResourceVersion { get; init; }
    public bool AllowWatchBookmarks { get; init; } = true;
    /// <summary>Server-side timeout of one watch request.</summary>
    public TimeSpan? Timeout { get; init; }
}

/// <summary>Options of create, update and patch calls.</summary>
public sealed record WriteOptions
{
    public string? FieldManager { get; init; }
    public bool DryRun { get; init; }
}

/// <summary>How dependents are deleted.</summary>
public enum PropagationPolicy
{
    Background,
    Foreground,
    Orphan,
}

/// <summary>Options of a delete call.</summary>
public sealed record DeleteOptions
{
    public PropagationPolicy? PropagationPolicy { get; init; }
    public long? GracePeriodSeconds { get; init; }
    /// <summary>Precondition: the object must have this uid.</summary>
    public string? PreconditionUid { get; init; }
    /// <summary>Precondition: the object must have this resourceVersion.</summary>
    public string? PreconditionResourceVersion { get; init; }
    public bool DryRun { get; init; }
}

/// <summary>Options of a server-side apply.</summary>
public sealed record ApplyOptions(string FieldManager)
{
    public bool Force { get; init; }
    public bool DryRun { get; init; }
}
