namespace Tdcc.Mesh.Xds.Server.Wire;

/// <summary>
/// Reads the protobuf wire format from a span, with Google.Protobuf's rules: tags and lengths are varint32 (up to 10
/// bytes, the bits above 32 dropped), field number 0 and wire types 6 and 7 are invalid, a length may not be negative
/// or run past the end, unknown groups nest at most <see cref="RecursionLimit"/> deep and must close with their own
/// field number. Every violation throws <see cref="InvalidDataException"/>.
/// </summary>
/// <remarks>
/// <code>
/// tag   = varint(field_number &lt;&lt; 3 | wire_type)
/// value = varint (0) | 8 bytes (1) | varint length, then that many bytes (2) | fields up to the matching end-group tag (3, 4) | 4 bytes (5)
/// </code>
/// </remarks>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    /// <summary>Google.Protobuf's default recursion limit, which also bounds nested unknown groups.</summary>
    public const int RecursionLimit = 100;

    public const int WireVarint = 0;
    public const int WireFixed64 = 1;
    public const int WireLengthDelimited = 2;
    public const int WireStartGroup = 3;
    public const int WireEndGroup = 4;
    public const int WireFixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;

    /// <summary>The offset of the next byte to read.</summary>
    public int Position { get; private set; }

    /// <summary>The tag for a field number and wire type.</summary>
    public static uint Tag(int fieldNumber, int wireType) => ((uint)fieldNumber << 3) | (uint)wireType;

    /// <summary>The next tag, or 0 at the end of the data.</summary>
    public uint ReadTag()
    {
        if (Position >= _data.Length)
        {
            return 0;
        }

        var tag = ReadVarint32();
        return tag >> 3 != 0 ? tag : throw Invalid("Protocol message contained an invalid tag (zero).");
    }

    /// <summary>A varint of at most 10 bytes, keeping the low 32 bits (as protobuf reads tags, lengths and int32).</summary>
    public uint ReadVarint32()
    {
        uint result = 0;
        for (var i = 0; i < 10; i++)
        {
            var b = ReadByte();
            if (i < 5)
            {
                result |= (uint)(b & 0x7F) << (7 * i);
            }

            if (b < 0x80)
            {
                return result;
            }
        }

        throw Invalid("CodedInputStream encountered a malformed varint.");
    }

    /// <summary>A varint of at most 10 bytes.</summary>
    public ulong ReadVarint64()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }

        throw Invalid("CodedInputStream encountered a malformed varint.");
    }

    /// <summary>The bytes of a length-delimited value (after its tag).</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = (int)ReadVarint32();
        if (length < 0)
        {
            throw Invalid("CodedInputStream encountered an embedded string or message which claimed to have negative size.");
        }

        return _data.Slice(Take(length), length);
    }

    /// <summary>Skips the value of a field whose tag was just read; an end-group tag here has no start and is an error.</summary>
    public void SkipField(uint tag) => SkipField(tag, depth: 0);

    private void SkipField(uint tag, int depth)
    {
        switch ((int)(tag & 7))
        {
            case WireVarint:
                ReadVarint64();
                break;
            case WireFixed64:
                Take(8);
                break;
            case WireLengthDelimited:
                ReadLengthDelimited();
                break;
            case WireFixed32:
                Take(4);
                break;
            case WireStartGroup:
                SkipGroup(tag >> 3, depth);
                break;
            case WireEndGroup:
                throw Invalid("Merge an unknown field of end-group tag, indicating that the corresponding start-group was missing.");
            default:
                throw Invalid("Protocol message contained a tag with an invalid wire type.");
        }
    }

    private void SkipGroup(uint fieldNumber, int depth)
    {
        if (depth >= RecursionLimit)
        {
            throw Invalid("Protocol message had too many levels of nesting.");
        }

        while (true)
        {
            var tag = ReadTag();
            if (tag == 0 || (tag & 7) == WireEndGroup)
            {
                // The group ends at its own end-group tag: the end of the data or another field's end tag is an error.
                if (tag != Tag((int)fieldNumber, WireEndGroup))
                {
                    throw Invalid("Protocol message end-group tag did not match expected tag.");
                }

                return;
            }

            SkipField(tag, depth + 1);
        }
    }

    private byte ReadByte()
    {
        if (Position >= _data.Length)
        {
            throw Truncated();
        }

        return _data[Position++];
    }

    /// <summary>Advances past <paramref name="count"/> bytes and returns where they start.</summary>
    private int Take(int count)
    {
        if (count > _data.Length - Position)
        {
            throw Truncated();
        }

        var start = Position;
        Position += count;
        return start;
    }

    private static InvalidDataException Truncated() => Invalid(
        "While parsing a protocol message, the input ended unexpectedly in the middle of a field. This could mean either that the input has been truncated or that an embedded message misreported its own length.");

    private static InvalidDataException Invalid(string message) => new(message);
}
