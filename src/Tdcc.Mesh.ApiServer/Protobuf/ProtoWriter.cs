using System.Buffers;
using System.Text;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>Writes protobuf wire format (varints, length-delimited fields) into a growing buffer.</summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer;

    public ProtoWriter(int initialCapacity = 256)
    {
        _buffer = new ArrayBufferWriter<byte>(initialCapacity);
    }

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public int Length => _buffer.WrittenCount;

    public void WriteKey(int field, int wireType) => WriteVarint((ulong)(((long)field << 3) | (uint)wireType));

    public void WriteVarint(ulong value)
    {
        var span = _buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        _buffer.Advance(i);
    }

    public void WriteVarintField(int field, ulong value)
    {
        WriteKey(field, 0);
        WriteVarint(value);
    }

    public void WriteBytesField(int field, ReadOnlySpan<byte> value)
    {
        WriteKey(field, 2);
        WriteVarint((ulong)value.Length);
        WriteRaw(value);
    }

    public void WriteStringField(int field, string value)
    {
        WriteKey(field, 2);
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)length);
        var span = _buffer.GetSpan(length);
        Encoding.UTF8.GetBytes(value, span);
        _buffer.Advance(length);
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
}
