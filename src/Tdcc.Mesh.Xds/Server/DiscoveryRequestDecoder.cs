using System.Buffers;
using System.Text;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Tdcc.Mesh.Grpc;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server.Wire;

namespace Tdcc.Mesh.Xds.Server;

/// <summary>
/// Reads <c>envoy.service.discovery.v3.DiscoveryRequest</c> from its bytes into a <see cref="SotwRequest"/>, accepting
/// and rejecting exactly what Google.Protobuf's generated parser does: strings decode the same way (invalid UTF-8
/// becomes U+FFFD), a field with an unexpected wire type is an unknown field, unknown fields are skipped (and
/// dropped: the server has no use for them), a repeated message field merges, and malformed input throws
/// <see cref="InvalidDataException"/> (or <see cref="InvalidProtocolBufferException"/> from a nested message), which
/// the gRPC layer answers with INTERNAL. Nested messages (node, error_detail, resource_locators) are parsed by their
/// generated parsers, so their own limits apply from their own depth.
/// </summary>
/// <remarks>
/// Fields: version_info = 1, node = 2, resource_names = 3 (repeated), type_url = 4, response_nonce = 5,
/// error_detail = 6, resource_locators = 7 (repeated).
/// </remarks>
internal sealed class DiscoveryRequestDecoder : IMessageDecoder<SotwRequest>
{
    /// <summary>How protobuf decodes strings: no byte order mark, invalid sequences replaced.</summary>
    internal static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private const uint VersionInfoTag = (1 << 3) | WireReader.WireLengthDelimited;
    private const uint NodeTag = (2 << 3) | WireReader.WireLengthDelimited;
    private const uint ResourceNamesTag = (3 << 3) | WireReader.WireLengthDelimited;
    private const uint TypeUrlTag = (4 << 3) | WireReader.WireLengthDelimited;
    private const uint ResponseNonceTag = (5 << 3) | WireReader.WireLengthDelimited;
    private const uint ErrorDetailTag = (6 << 3) | WireReader.WireLengthDelimited;
    private const uint ResourceLocatorsTag = (7 << 3) | WireReader.WireLengthDelimited;

    public SotwRequest Decode(in ReadOnlySequence<byte> payload)
    {
        var length = checked((int)payload.Length);
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(copy);
            return Decode(copy, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(copy);
            throw;
        }
    }

    /// <summary>Decodes <paramref name="payload"/>[..<paramref name="length"/>]; the request owns (and returns) the array.</summary>
    private static SotwRequest Decode(byte[] payload, int length)
    {
        var versionInfo = string.Empty;
        var typeUrl = string.Empty;
        var responseNonce = string.Empty;
        Node? node = null;
        Google.Rpc.Status? errorDetail = null;
        List<ResourceLocator>? locators = null;
        var names = 0;

        // Where the resource_names entries are, when they sit together (as every serializer writes them).
        var namesStart = 0;
        var namesEnd = 0;
        var namesContiguous = true;
        var previousWasName = false;

        var reader = new WireReader(payload.AsSpan(0, length));
        while (true)
        {
            var fieldStart = reader.Position;
            var tag = reader.ReadTag();
            if (tag == 0)
            {
                break;
            }

            switch (tag)
            {
                case VersionInfoTag:
                    versionInfo = Utf8.GetString(reader.ReadLengthDelimited());
                    break;
                case NodeTag:
                    node = Merge(node, reader.ReadLengthDelimited());
                    break;
                case ResourceNamesTag:
                    reader.ReadLengthDelimited();
                    if (names == 0)
                    {
                        namesStart = fieldStart;
                    }
                    else if (!previousWasName)
                    {
                        namesContiguous = false;
                    }

                    names++;
                    namesEnd = reader.Position;
                    break;
                case TypeUrlTag:
                    typeUrl = TypeUrl(reader.ReadLengthDelimited());
                    break;
                case ResponseNonceTag:
                    responseNonce = Utf8.GetString(reader.ReadLengthDelimited());
                    break;
                case ErrorDetailTag:
                    errorDetail = Merge(errorDetail, reader.ReadLengthDelimited());
                    break;
                case ResourceLocatorsTag:
                    (locators ??= []).Add(ResourceLocator.Parser.ParseFrom(reader.ReadLengthDelimited()));
                    break;
                default:
                    reader.SkipField(tag);
                    break;
            }

            previousWasName = tag == ResourceNamesTag;
        }

        var namesRange = namesContiguous ? new Range(namesStart, namesEnd) : (Range?)null;
        return new SotwRequest(payload, length, versionInfo, node, names, namesRange, typeUrl, responseNonce, errorDetail, locators ?? (IReadOnlyList<ResourceLocator>)[]);
    }

    /// <summary>A singular message field seen again merges into the first, as protobuf does.</summary>
    private static T Merge<T>(T? existing, ReadOnlySpan<byte> bytes)
        where T : class, IMessage<T>, new()
    {
        var message = existing ?? new T();
        message.MergeFrom(bytes);
        return message;
    }

    /// <summary>The served type URLs as the shared constants (no string per request); anything else as read.</summary>
    private static string TypeUrl(ReadOnlySpan<byte> bytes)
    {
        foreach (var known in TypeUrls.PushOrder)
        {
            if (Ascii.Equals(bytes, known))
            {
                return known;
            }
        }

        return Utf8.GetString(bytes);
    }
}
