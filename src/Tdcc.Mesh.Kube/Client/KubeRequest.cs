namespace Tdcc.Mesh.Kube.Client;

/// <summary>One request to the API server: method, path with query, and an optional body.</summary>
internal sealed record KubeRequest(HttpMethod Method, string PathAndQuery)
{
    public ReadOnlyMemory<byte>? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>A watch: streamed response, no client timeout.</summary>
    public bool Streaming { get; init; }

    /// <summary>GET and HEAD can be retried after a 5xx or a connection failure; writes only after a 429.</summary>
    public bool Idempotent => Method == HttpMethod.Get || Method == HttpMethod.Head;
}
