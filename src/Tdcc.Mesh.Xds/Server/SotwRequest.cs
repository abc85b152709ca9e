using System.Buffers;
using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Tdcc.Mesh.Xds.Server.Wire;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// A DiscoveryRequest as a SotW stream reads it (<see cref="DiscoveryRequestDecoder"/>): every field decoded except
/// <c>resource_names</c>, which stays as bytes in a pooled copy of the payload until the stream needs the strings.
/// An ACK repeats the whole subscription (Envoy's EDS: a thousand names), so the stream first compares those bytes
/// with what it applied last (<see cref="ResourceNamesEqual(SotwNames)"/>) and only builds strings when they differ.
/// Dispose returns the copy to the pool; the decoded fields stay usable.
/// </summary>
internal sealed class SotwRequest : IDisposable
{
    private const uint ResourceNamesTag = (3 << 3) | WireReader.WireLengthDelimited;

    private readonly int _length;
    private readonly Range? _names;
    private byte[]? _payload;

    internal SotwRequest(
        byte[] payload,
        int length,
        string versionInfo,
        Node? node,
        int resourceNameCount,
        Range? resourceNameBytes,
        string typeUrl,
        string responseNonce,
        Google.Rpc.Status? errorDetail,
        IReadOnlyList<ResourceLocator> resourceLocators)
    {
        _payload = payload;
        _length = length;
        VersionInfo = versionInfo;
        Node = node;
        ResourceNameCount = resourceNameCount;
        _names = resourceNameBytes;
        TypeUrl = typeUrl;
        ResponseNonce = responseNonce;
        ErrorDetail = errorDetail;
        ResourceLocators = resourceLocators;
    }

    /// <summary>Field 1.</summary>
    public string VersionInfo { get; }

    /// <summary>Field 2 (merged when repeated on the wire, as protobuf does).</summary>
    public Node? Node { get; }

    /// <summary>How many entries field 3 (<c>resource_names</c>) has.</summary>
    public int ResourceNameCount { get; }

    /// <summary>Field 4.</summary>
    public string TypeUrl { get; }

    /// <summary>Field 5.</summary>
    public string ResponseNonce { get; }

    /// <summary>Field 6.</summary>
    public Google.Rpc.Status? ErrorDetail { get; }

    /// <summary>Field 7.</summary>
    public IReadOnlyList<ResourceLocator> ResourceLocators { get; }

    /// <summary>
    /// The bytes of all <c>resource_names</c> entries (tags included) when they are contiguous in the payload, as
    /// every serializer writes them; false when other fields sit between them.
    /// </summary>
    public bool TryGetResourceNameBytes(out ReadOnlySpan<byte> bytes)
    {
        if (_names is { } range)
        {
            bytes = Payload[range];
            return true;
        }

        bytes = default;
        return false;
    }

    /// <summary>
    /// True when <c>resource_names</c> is exactly <paramref name="names"/>, in order; builds no string. The same bytes
    /// as the ones <paramref name="names"/> came from is one comparison; otherwise the names are compared one by one.
    /// </summary>
    public bool ResourceNamesEqual(SotwNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Encoded is { } encoded && TryGetResourceNameBytes(out var bytes) && bytes.SequenceEqual(encoded))
        {
            return true;
        }

        return ResourceNamesEqual(names.Requested);
    }

    /// <summary>True when <c>resource_names</c> is exactly <paramref name="names"/>, in order; builds no string.</summary>
    public bool ResourceNamesEqual(IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != ResourceNameCount)
        {
            return false;
        }

        var reader = new WireReader(Payload);
        var i = 0;
        for (var tag = reader.ReadTag(); tag != 0; tag = reader.ReadTag())
        {
            if (tag != ResourceNamesTag)
            {
                reader.SkipField(tag);
            }
            else if (!Utf8Equals(reader.ReadLengthDelimited(), names[i++]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>resource_names</c> as strings (a new array).</summary>
    public string[] ResourceNames()
    {
        var names = new string[ResourceNameCount];
        var reader = new WireReader(Payload);
        var i = 0;
        for (var tag = reader.ReadTag(); tag != 0; tag = reader.ReadTag())
        {
            if (tag == ResourceNamesTag)
            {
                names[i++] = DiscoveryRequestDecoder.Utf8.GetString(reader.ReadLengthDelimited());
            }
            else
            {
                reader.SkipField(tag);
            }
        }

        return names;
    }

    public void Dispose()
    {
        if (_payload is { } payload)
        {
            _payload = null;
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private ReadOnlySpan<byte> Payload => _payload is { } payload
        ? payload.AsSpan(0, _length)
        : throw new ObjectDisposedException(nameof(SotwRequest), "The resource names of a disposed request are gone.");

    /// <summary>Whether <paramref name="utf8"/> decodes (as protobuf decodes strings) to exactly <paramref name="value"/>.</summary>
    internal static bool Utf8Equals(ReadOnlySpan<byte> utf8, string value)
    {
        if (utf8.Length == value.Length && Ascii.Equals(utf8, value))
        {
            return true;
        }

        if (Ascii.IsValid(utf8))
        {
            // ASCII decodes to itself, and it did not match.
            return false;
        }

        var decoding = DiscoveryRequestDecoder.Utf8;
        if (decoding.GetCharCount(utf8) != value.Length)
        {
            return false;
        }

        var rented = value.Length > 256 ? ArrayPool<char>.Shared.Rent(value.Length) : null;
        try
        {
            Span<char> chars = rented ?? stackalloc char[256];
            var written = decoding.GetChars(utf8, chars);
            return chars[..written].SequenceEqual(value);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
