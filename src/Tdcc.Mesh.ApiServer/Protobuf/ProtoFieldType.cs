namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>The shapes of the fields of Kubernetes protobuf messages.</summary>
internal enum ProtoFieldType
{
    String,

    /// <summary>Bytes, base64 in JSON.</summary>
    Bytes,
    Bool,
    Int32,
    Int64,
    Message,

    /// <summary>An embedded struct: a nested message in protobuf whose fields JSON holds in the parent object.</summary>
    Inline,
    StringMap,
    BytesMap,
    QuantityMap,
    TimeMap,

    /// <summary>map&lt;string, message { repeated string items = 1 }&gt; (UserInfo.extra).</summary>
    StringListMap,

    /// <summary>metav1.Time: seconds and nanos, RFC 3339 with seconds in JSON.</summary>
    Time,

    /// <summary>metav1.MicroTime: seconds and nanos, RFC 3339 with microseconds in JSON.</summary>
    MicroTime,

    /// <summary>metav1.Duration: nanoseconds, Go's duration string in JSON (1h0m0s).</summary>
    Duration,

    /// <summary>resource.Quantity: its string form.</summary>
    Quantity,

    /// <summary>intstr.IntOrString: type (0 int, 1 string), intVal, strVal.</summary>
    IntOrString,

    /// <summary>Raw bytes that are JSON (FieldsV1, RawExtension).</summary>
    RawJson,

    /// <summary>A field removed upstream that older clients still write: read and ignored.</summary>
    Retired,
}
