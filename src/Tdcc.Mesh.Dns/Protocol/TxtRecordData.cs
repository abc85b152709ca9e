using System.Text;

namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>TXT data with one character-string of at most 255 octets (RFC 1035 3.3.14).</summary>
internal sealed record TxtRecordData : RecordData
{
    private readonly byte[] _bytes;

    public TxtRecordData(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length > 255)
        {
            throw new ArgumentException("a TXT character-string holds at most 255 octets", nameof(text));
        }

        Text = text;
        _bytes = bytes;
    }

    public string Text { get; }

    public override DnsRecordType Type => DnsRecordType.TXT;

    public override bool TryWrite(ref DnsMessageWriter writer) => writer.TryWriteUInt8((byte)_bytes.Length) && writer.TryWriteBytes(_bytes);

    public bool Equals(TxtRecordData? other) => other is not null && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);
}
