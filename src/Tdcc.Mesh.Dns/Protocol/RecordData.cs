namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>The RDATA of one resource record. Records are values: equal data means the same record.</summary>
internal abstract record RecordData
{
    /// <summary>The TYPE this data belongs to.</summary>
    public abstract DnsRecordType Type { get; }

    /// <summary>Writes the RDATA (without RDLENGTH); false when it does not fit.</summary>
    public abstract bool TryWrite(ref DnsMessageWriter writer);
}
