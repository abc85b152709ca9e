using System.Collections.Frozen;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>A message's fields by number. Fields not listed are skipped.</summary>
internal sealed class ProtoMessage(string name, IEnumerable<KeyValuePair<int, ProtoField>> fields)
{
    public string Name { get; } = name;

    public FrozenDictionary<int, ProtoField> Fields { get; } = fields.ToFrozenDictionary();
}
