using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Tdcc.Mesh.Dns.Protocol;

/// <summary>
/// A domain name kept in uncompressed wire form: length-prefixed labels ending with the zero-length root
/// label (RFC 1035 3.1). Equality and hashing ignore ASCII case (RFC 4343); the original case is kept so an
/// answer can echo the question exactly.
/// </summary>
internal sealed class DnsName : IEquatable<DnsName>
{
    private readonly byte[] _wire;

    /// <summary>Wraps wire bytes the caller has already validated (labels of 1..63 octets, root label last, at most 255 octets).</summary>
    internal DnsName(byte[] wire)
    {
        _wire = wire;
        var count = 0;
        for (var offset = 0; wire[offset] != 0; offset += wire[offset] + 1)
        {
            count++;
        }

        LabelCount = count;
    }

    /// <summary>The root name, ".".</summary>
    public static DnsName Root { get; } = new([0]);

    /// <summary>The uncompressed wire form, root label included.</summary>
    public ReadOnlySpan<byte> Wire => _wire;

    /// <summary>The number of labels, not counting the root label.</summary>
    public int LabelCount { get; }

    /// <summary>Parses a dotted name such as <c>web.prod.svc.clusterset.local</c> (a trailing dot is optional; no escapes).</summary>
    public static DnsName Parse(string text) =>
        TryParse(text, out var name) ? name : throw new FormatException($"'{text}' is not a valid DNS name");

    /// <summary>Parses a dotted name; labels must be 1..63 octets of printable ASCII other than '.' and '\'.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out DnsName? name)
    {
        name = null;
        if (text is null)
        {
            return false;
        }

        if (text.Length == 0 || text == ".")
        {
            name = Root;
            return true;
        }

        var trimmed = text.EndsWith('.') ? text.AsSpan(0, text.Length - 1) : text.AsSpan();
        if (trimmed.Length + 2 > DnsWireLimits.MaxNameLength)
        {
            return false;
        }

        var wire = new byte[trimmed.Length + 2];
        var position = 0;
        foreach (var range in trimmed.Split('.'))
        {
            var label = trimmed[range];
            if (label.Length is 0 or > DnsWireLimits.MaxLabelLength)
            {
                return false;
            }

            wire[position++] = (byte)label.Length;
            foreach (var c in label)
            {
                if (c is <= ' ' or > '~' or '\\')
                {
                    return false;
                }

                wire[position++] = (byte)c;
            }
        }

        wire[position] = 0;
        name = new DnsName(wire);
        return true;
    }

    /// <summary>Returns <c>label.this</c>, or false when the label is not 1..63 printable octets or the name would exceed 255 octets.</summary>
    public bool TryPrepend(string label, [NotNullWhen(true)] out DnsName? name)
    {
        ArgumentNullException.ThrowIfNull(label);
        name = null;
        if (label.Length is 0 or > DnsWireLimits.MaxLabelLength || label.Length + 1 + _wire.Length > DnsWireLimits.MaxNameLength)
        {
            return false;
        }

        var wire = new byte[label.Length + 1 + _wire.Length];
        wire[0] = (byte)label.Length;
        for (var i = 0; i < label.Length; i++)
        {
            var c = label[i];
            if (c is <= ' ' or > '~' or '.' or '\\')
            {
                return false;
            }

            wire[i + 1] = (byte)c;
        }

        _wire.CopyTo(wire, label.Length + 1);
        name = new DnsName(wire);
        return true;
    }

    /// <summary>Returns <c>label.this</c>; throws when the label is invalid.</summary>
    public DnsName Prepend(string label) =>
        TryPrepend(label, out var name) ? name : throw new FormatException($"'{label}' is not a valid DNS label under {this}");

    /// <summary>The name without its first label; the root's parent is the root.</summary>
    public DnsName Parent() => LabelCount == 0 ? this : new DnsName(_wire[(_wire[0] + 1)..]);

    /// <summary>True when this name equals <paramref name="ancestor"/> or lies below it.</summary>
    public bool IsSubdomainOf(DnsName ancestor)
    {
        ArgumentNullException.ThrowIfNull(ancestor);
        var offset = 0;
        while (true)
        {
            if (_wire.Length - offset == ancestor._wire.Length)
            {
                return EqualsIgnoreCase(_wire.AsSpan(offset), ancestor._wire);
            }

            if (_wire.Length - offset < ancestor._wire.Length || _wire[offset] == 0)
            {
                return false;
            }

            offset += _wire[offset] + 1;
        }
    }

    /// <summary>ASCII case-insensitive comparison of two octet strings (RFC 4343 2).</summary>
    public static bool EqualsIgnoreCase(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        if (left.Length != right.Length)
        {
            return false;
        }

        for (var i = 0; i < left.Length; i++)
        {
            if (left[i] != right[i] && ToLower(left[i]) != ToLower(right[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lower-cases one ASCII letter octet; other octets are unchanged.</summary>
    public static byte ToLower(byte value) => value is >= (byte)'A' and <= (byte)'Z' ? (byte)(value | 0x20) : value;

    public bool Equals(DnsName? other) => other is not null && EqualsIgnoreCase(_wire, other._wire);

    public override bool Equals(object? obj) => obj is DnsName other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var b in _wire)
        {
            hash.Add(ToLower(b));
        }

        return hash.ToHashCode();
    }

    /// <summary>The presentation form with a trailing dot; octets outside printable ASCII, '.' and '\' are escaped as <c>\DDD</c>.</summary>
    public override string ToString()
    {
        if (LabelCount == 0)
        {
            return ".";
        }

        var builder = new StringBuilder(_wire.Length + 4);
        for (var offset = 0; _wire[offset] != 0; offset += _wire[offset] + 1)
        {
            foreach (var b in _wire.AsSpan(offset + 1, _wire[offset]))
            {
                if (b is <= (byte)' ' or > (byte)'~' or (byte)'.' or (byte)'\\')
                {
                    builder.Append('\\').Append(((int)b).ToString("D3", System.Globalization.CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append((char)b);
                }
            }

            builder.Append('.');
        }

        return builder.ToString();
    }
}
