using System.Collections.Immutable;

namespace Tdcc.Mesh.Policy.Api;

/// <summary>A rule of a MultiClusterNetworkPolicy: an action for the requests from any of <see cref="From"/> doing any of <see cref="To"/>.</summary>
public sealed record NetworkPolicyRule
{
    /// <summary>Optional name, shown in status and metrics (default <c>rule-&lt;index&gt;</c>).</summary>
    public string? Name { get; init; }

    /// <summary><c>Allow</c> or <c>Deny</c>.</summary>
    public string? Action { get; init; }

    /// <summary>Sources (alternatives); empty or absent: any source.</summary>
    public ImmutableArray<NetworkPolicySource>? From { get; init; }

    /// <summary>Operations (alternatives); empty or absent: any request to any port.</summary>
    public ImmutableArray<NetworkPolicyOperation>? To { get; init; }
}

/// <summary>A source: the kinds given must all match, each list is alternatives.</summary>
public sealed record NetworkPolicySource
{
    /// <summary>Source member clusters (proven by the tunnel's mutual TLS).</summary>
    public ImmutableArray<string>? Clusters { get; init; }

    /// <summary>Source namespaces (as attested by the sending gateway).</summary>
    public ImmutableArray<string>? Namespaces { get; init; }

    /// <summary>Source ServiceAccounts, <c>&lt;namespace&gt;/&lt;name&gt;</c> (as attested by the sending gateway).</summary>
    public ImmutableArray<string>? ServiceAccounts { get; init; }
}

/// <summary>An operation (L4/L7): the kinds given must all match.</summary>
public sealed record NetworkPolicyOperation
{
    /// <summary>Service ports; absent: all.</summary>
    public ImmutableArray<int>? Ports { get; init; }

    public NetworkPolicyHttpMatch? Http { get; init; }

    public NetworkPolicyGrpcMatch? Grpc { get; init; }
}

/// <summary>HTTP methods and paths (exact, or a prefix ending in <c>*</c>).</summary>
public sealed record NetworkPolicyHttpMatch
{
    public ImmutableArray<string>? Methods { get; init; }

    public ImmutableArray<string>? Paths { get; init; }
}

/// <summary>A gRPC service (<c>package.Service</c>) and optionally one of its methods.</summary>
public sealed record NetworkPolicyGrpcMatch
{
    public string? Service { get; init; }

    public string? Method { get; init; }
}
