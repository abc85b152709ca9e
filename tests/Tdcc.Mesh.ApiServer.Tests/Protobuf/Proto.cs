using System.Text;

namespace Tdcc.Mesh.ApiServer.Tests.Protobuf;

/// <summary>Writes protobuf wire format for tests, field by field, from the field numbers of the upstream messages.</summary>
internal static class Proto
{
    public static byte[] Envelope(string apiVersion, string kind, byte[] raw) =>
        [0x6b, 0x38, 0x73, 0x00, .. Message(1, Str(1, apiVersion), Str(2, kind)), .. Bytes(2, raw)];

    public static byte[] Str(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public static byte[] Message(int field, params byte[][] parts) => Bytes(field, [.. parts.SelectMany(p => p)]);

    public static byte[] Bytes(int field, byte[] value) => [.. Key(field, 2), .. Varint((ulong)value.Length), .. value];

    public static byte[] Int(int field, long value) => [.. Key(field, 0), .. Varint(unchecked((ulong)value))];

    public static byte[] Bool(int field, bool value) => Int(field, value ? 1 : 0);

    public static byte[] Entry(int field, string key, string value) => Message(field, Str(1, key), Str(2, value));

    /// <summary>intstr.IntOrString as an int (type 0) or a string (type 1), as gogo writes it: all three fields.</summary>
    public static byte[] IntOrString(int field, int number) => Message(field, Int(1, 0), Int(2, number), Str(3, string.Empty));

    public static byte[] IntOrString(int field, string text) => Message(field, Int(1, 1), Int(2, 0), Str(3, text));

    public static byte[] Quantity(int field, string value) => Message(field, Str(1, value));

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    private static byte[] Key(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }
}
