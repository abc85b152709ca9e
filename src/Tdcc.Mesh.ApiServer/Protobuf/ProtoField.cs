namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>How one field of a Kubernetes protobuf message maps to its JSON form.</summary>
internal sealed record ProtoField(string JsonName, ProtoFieldType Type, ProtoMessage? Message = null);

/// <summary>The field shapes the core kinds decoded from protobuf use.</summary>
internal enum ProtoFieldType
{
    String,
    Bytes,
    Bool,
    Int64,

    /// <summary>An optional int64 whose zero is kept (proto2 presence: DeleteOptions.gracePeriodSeconds 0 means now).</summary>
    OptionalInt64,
    Int32,
    Message,
    RepeatedString,
    RepeatedMessage,
    StringMap,
    BytesMap,
    Time,
    Skipped,
}
