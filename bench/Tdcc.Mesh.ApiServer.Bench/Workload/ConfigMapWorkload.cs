using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.ApiServer.Bench.Workload;

/// <summary>
/// The ConfigMaps the benchmarks write: about <see cref="TargetBytes"/> of JSON each (as the client sends it),
/// a fixed label, and a payload that changes on every update.
/// </summary>
internal sealed class ConfigMapWorkload
{
    /// <summary>The request body size of a benchmark ConfigMap.</summary>
    public const int TargetBytes = 1024;

    private readonly string _namespace;
    private readonly int _padding;

    public ConfigMapWorkload(string namespaceName)
    {
        _namespace = namespaceName;
        var bare = JsonSerializer.SerializeToUtf8Bytes(Build(0, 0, 'a'), ConfigMap.JsonTypeInfo).Length;
        _padding = Math.Max(0, TargetBytes - bare);
    }

    public string Namespace => _namespace;

    /// <summary>The JSON size of one object as sent.</summary>
    public int Bytes => JsonSerializer.SerializeToUtf8Bytes(Create(0), ConfigMap.JsonTypeInfo).Length;

    public static string Name(int index) => "cm-" + index.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The object to create for <paramref name="index"/>.</summary>
    public ConfigMap Create(int index) => Build(index, 0, 'a');

    /// <summary>The stored object with a new payload (keeps its resourceVersion for optimistic concurrency).</summary>
    public ConfigMap Update(ConfigMap stored, int revision)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored with { Data = Data(revision, (char)('a' + (revision % 26))) };
    }

    /// <summary>The JSON bytes etcd stores for <paramref name="index"/> at <paramref name="revision"/>.</summary>
    public byte[] Json(int index, int revision) =>
        JsonSerializer.SerializeToUtf8Bytes(Build(index, revision, (char)('a' + (revision % 26))), ConfigMap.JsonTypeInfo);

    /// <summary>A small ConfigMap (one short key) as the in-process store takes it.</summary>
    public static JsonObject Small(string namespaceName, int index) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = Name(index), ["namespace"] = namespaceName },
        ["data"] = new JsonObject { ["key"] = "value-" + index.ToString(CultureInfo.InvariantCulture) },
    };

    private ConfigMap Build(int index, int revision, char fill) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = Name(index),
            Namespace = _namespace,
            Labels = ImmutableDictionary<string, string>.Empty.Add("app", "bench"),
        },
        Data = Data(revision, fill),
    };

    private ImmutableDictionary<string, string> Data(int revision, char fill) =>
        ImmutableDictionary<string, string>.Empty
            .Add("revision", revision.ToString("D6", CultureInfo.InvariantCulture))
            .Add("payload", new string(fill, _padding));
}
