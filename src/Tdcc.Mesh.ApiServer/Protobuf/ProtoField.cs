namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>
/// How one field of a Kubernetes protobuf message maps to its JSON form. <paramref name="Presence"/> marks a pointer
/// field of the Go type: gogo-protobuf writes it only when set, so its zero value is kept (replicas: 0); a field without
/// presence is always written, and its zero value is dropped as JSON's omitempty would.
/// </summary>
internal sealed record ProtoField(string JsonName, ProtoFieldType Type, ProtoMessage? Message = null, bool Repeated = false, bool Presence = false)
{
    /// <summary>A table entry: field <paramref name="number"/> of a message.</summary>
    public static KeyValuePair<int, ProtoField> Field(
        int number, string jsonName, ProtoFieldType type, ProtoMessage? message = null, bool repeated = false, bool presence = false) =>
        KeyValuePair.Create(number, new ProtoField(jsonName, type, message, repeated, presence));
}
