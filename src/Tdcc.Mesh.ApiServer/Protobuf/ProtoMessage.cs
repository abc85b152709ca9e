using System.Collections.Frozen;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>A message's fields by number; a field not listed is an error when decoding (see <see cref="ProtoJson"/>).</summary>
internal sealed class ProtoMessage(string name, IEnumerable<KeyValuePair<int, ProtoField>> fields)
{
    public string Name { get; } = name;

    public FrozenDictionary<int, ProtoField> Fields { get; } = fields.ToFrozenDictionary();
}
