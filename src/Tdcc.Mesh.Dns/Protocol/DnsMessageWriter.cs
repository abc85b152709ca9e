using System.Buffers.Binary;

namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>
/// Writes a message into a caller-owned buffer up to <see cref="Limit"/> octets. Every Try method either
/// writes all of its value or reports false; the caller rolls a half-written record back with
/// <see cref="Mark"/> and <see cref="Rewind"/>. Names are compressed (RFC 1035 4.1.4) against the names
/// written so far, matching suffixes case-insensitively; <paramref name="nameOffsets"/> bounds how many
/// label positions are remembered.
/// </summary>
internal ref struct DnsMessageWriter(Span<byte> buffer, Span<ushort> nameOffsets)
{
    private readonly Span<byte> _buffer = buffer;
    private readonly Span<ushort> _nameOffsets = nameOffsets;
    private int _nameCount;
    private int _limit = buffer.Length;

    /// <summary>The number of octets written so far.</summary>
    public int Position { get; private set; }

    /// <summary>How far writes may go; never beyond the buffer.</summary>
    public int Limit
    {
        readonly get => _limit;
        set => _limit = Math.Clamp(value, 0, _buffer.Length);
    }

    /// <summary>The octets written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[..Position];

    /// <summary>A point to roll back to.</summary>
    public readonly (int Position, int NameCount) Mark() => (Position, _nameCount);

    /// <summary>Forgets everything written after <paramref name="mark"/>, compression targets included.</summary>
    public void Rewind((int Position, int NameCount) mark)
    {
        Position = mark.Position;
        _nameCount = mark.NameCount;
    }

    /// <summary>Reserves <paramref name="count"/> octets (for example the header, filled in later with <see cref="Patch"/>).</summary>
    public bool TrySkip(int count)
    {
        if (Position + count > _limit)
        {
            return false;
        }

        _buffer.Slice(Position, count).Clear();
        Position += count;
        return true;
    }

    /// <summary>The writable span of already written octets at <paramref name="offset"/>.</summary>
    public readonly Span<byte> Patch(int offset, int count) => _buffer.Slice(offset, count);

    public bool TryWriteUInt8(byte value)
    {
        if (Position + 1 > _limit)
        {
            return false;
        }

        _buffer[Position++] = value;
        return true;
    }

    public bool TryWriteUInt16(ushort value)
    {
        if (Position + 2 > _limit)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[Position..], value);
        Position += 2;
        return true;
    }

    public bool TryWriteUInt32(uint value)
    {
        if (Position + 4 > _limit)
        {
            return false;
        }

        BinaryPrimitives.WriteUInt32BigEndian(_buffer[Position..], value);
        Position += 4;
        return true;
    }

    public bool TryWriteBytes(ReadOnlySpan<byte> value)
    {
        if (Position + value.Length > _limit)
        {
            return false;
        }

        value.CopyTo(_buffer[Position..]);
        Position += value.Length;
        return true;
    }

    /// <summary>Writes a name, replacing its longest suffix already in the message by a pointer when <paramref name="compress"/> is true.</summary>
    public bool TryWriteName(DnsName name, bool compress = true)
    {
        ArgumentNullException.ThrowIfNull(name);
        var wire = name.Wire;
        var start = Position;
        var mark = Mark();
        var labelOffset = 0;
        while (wire[labelOffset] != 0)
        {
            var suffix = wire[labelOffset..];
            if (compress && TryFindSuffix(suffix, out var pointer))
            {
                if (!TryWriteUInt16((ushort)(0xC000 | pointer)))
                {
                    Rewind(mark);
                    return false;
                }

                return true;
            }

            var labelLength = wire[labelOffset] + 1;
            if (!TryWriteBytes(wire.Slice(labelOffset, labelLength)))
            {
                Rewind(mark);
                return false;
            }

            var written = start + labelOffset;
            if (written <= DnsWireLimits.MaxPointerOffset && _nameCount < _nameOffsets.Length)
            {
                _nameOffsets[_nameCount++] = (ushort)written;
            }

            labelOffset += labelLength;
        }

        if (!TryWriteUInt8(0))
        {
            Rewind(mark);
            return false;
        }

        return true;
    }

    private readonly bool TryFindSuffix(ReadOnlySpan<byte> suffix, out int pointer)
    {
        for (var i = 0; i < _nameCount; i++)
        {
            if (MatchesAt(_nameOffsets[i], suffix))
            {
                pointer = _nameOffsets[i];
                return true;
            }
        }

        pointer = 0;
        return false;
    }

    // Walks the labels already written at offset (following our own pointers) and compares them with suffix.
    private readonly bool MatchesAt(int offset, ReadOnlySpan<byte> suffix)
    {
        var position = offset;
        var index = 0;
        while (true)
        {
            var length = _buffer[position];
            if ((length & 0xC0) == 0xC0)
            {
                position = ((length & 0x3F) << 8) | _buffer[position + 1];
                continue;
            }

            if (suffix[index] != length)
            {
                return false;
            }

            if (length == 0)
            {
                return true;
            }

            if (!DnsName.EqualsIgnoreCase(_buffer.Slice(position + 1, length), suffix.Slice(index + 1, length)))
            {
                return false;
            }

            position += length + 1;
            index += length + 1;
        }
    }
}
