using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Runtime.Informers;

/// <summary>What an informer watches and how it reconnects.</summary>
public sealed class InformerOptions<T>
    where T : class, IKubeObject
{
    /// <summary>Restrict to one namespace; null watches all.</summary>
    public string? Namespace { get; set; }

    public string? LabelSelector { get; set; }

    public string? FieldSelector { get; set; }

    /// <summary>Page size of the list; 0 lists in one request.</summary>
    public int PageSize { get; set; } = 500;

    /// <summary>Server-side timeout of one watch request; the informer resumes after it.</summary>
    public TimeSpan WatchTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay before reconnecting after a failure; it doubles per consecutive failure.</summary>
    public TimeSpan MinReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>Cap of the reconnect delay.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Extra indexes of the store, by name.</summary>
    public IDictionary<string, Func<T, IEnumerable<string>>> Indexers { get; } =
        new Dictionary<string, Func<T, IEnumerable<string>>>(StringComparer.Ordinal);
}
