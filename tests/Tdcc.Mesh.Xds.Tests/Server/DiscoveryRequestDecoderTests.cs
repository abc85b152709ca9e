using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Envoy.Config.Core.V3;
using Envoy.Service.Discovery.V3;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tdcc.Mesh.Grpc.Framing;
using Tdcc.Mesh.Xds.Cache;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Xds.Tests.Server;

/// <summary>
/// <see cref="DiscoveryRequestDecoder"/> against Google.Protobuf's generated parser: the same fields from the same
/// bytes, the same inputs accepted and rejected, and malformed input answered with INTERNAL by the server.
/// </summary>
public sealed class DiscoveryRequestDecoderTests
{
    private static readonly string[] NamePool =
    [
        "echo.demo.svc.clusterset.local:9090", "other.demo.svc.clusterset.local:9090", "*", string.Empty, "a",
        "ünïcödé.svc:80", "名前.svc:1", "emoji-😀:443", new string('x', 300),
    ];

    private readonly DiscoveryRequestDecoder _decoder = new();

    [Fact]
    public void Decode_RandomRequests_SameFieldsAsGoogleProtobuf()
    {
        var random = new Random(20261122);
        for (var i = 0; i < 2000; i++)
        {
            var expected = RandomRequest(random);
            var bytes = expected.ToByteArray();

            using var decoded = Decode(bytes, random);

            ShouldMatch(decoded, expected, $"iteration {i}");
        }
    }

    [Fact]
    public void Decode_UnknownFieldsAndUnexpectedWireTypes_SkippedAsGoogleProtobufDoes()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = WithUnknownFields(RandomRequest(random).ToByteArray(), random);
            var expected = DiscoveryRequest.Parser.ParseFrom(bytes);

            using var decoded = Decode(bytes, random);

            ShouldMatch(decoded, expected, $"iteration {i}: {Convert.ToHexString(bytes)}");
        }
    }

    [Fact]
    public void Decode_CorruptedOrTruncatedBytes_AcceptsAndRejectsExactlyWhatGoogleProtobufDoes()
    {
        var random = new Random(42);
        var accepted = 0;
        var rejected = 0;
        for (var i = 0; i < 20000; i++)
        {
            var bytes = Corrupt(WithUnknownFields(RandomRequest(random).ToByteArray(), random), random);
            DiscoveryRequest? expected;
            try
            {
                expected = DiscoveryRequest.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException)
            {
                expected = null;
            }

            SotwRequest? decoded;
            try
            {
                decoded = Decode(bytes, random);
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException)
            {
                decoded = null;
            }

            using (decoded)
            {
                var context = $"iteration {i}: {Convert.ToHexString(bytes)}";
                (decoded is null).Should().Be(expected is null, context);
                if (decoded is not null)
                {
                    ShouldMatch(decoded, expected!, context);
                    accepted++;
                }
                else
                {
                    rejected++;
                }
            }
        }

        accepted.Should().BeGreaterThan(1000, "the corruption must leave many inputs valid");
        rejected.Should().BeGreaterThan(1000, "and make many invalid");
    }

    [Fact]
    public void Decode_RepeatedSingularFields_LastStringWinsAndMessagesMerge()
    {
        var bytes = Concat(
            new DiscoveryRequest { VersionInfo = "v1", TypeUrl = "t1", Node = new Node { Id = "n" } }.ToByteArray(),
            new DiscoveryRequest { VersionInfo = "v2", Node = new Node { Cluster = "c" }, ErrorDetail = new Google.Rpc.Status { Code = 3 } }.ToByteArray(),
            new DiscoveryRequest { ErrorDetail = new Google.Rpc.Status { Message = "m" } }.ToByteArray());

        using var decoded = Decode(bytes);

        decoded.VersionInfo.Should().Be("v2");
        decoded.TypeUrl.Should().Be("t1");
        decoded.Node.Should().Be(new Node { Id = "n", Cluster = "c" });
        decoded.ErrorDetail.Should().Be(new Google.Rpc.Status { Code = 3, Message = "m" });
        ShouldMatch(decoded, DiscoveryRequest.Parser.ParseFrom(bytes), "merged");
    }

    [Fact]
    public void Decode_ServedTypeUrl_IsTheSharedConstant()
    {
        using var decoded = Decode(new DiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment }.ToByteArray());

        decoded.TypeUrl.Should().BeSameAs(TypeUrls.ClusterLoadAssignment);
    }

    [Theory]
    [InlineData("0A05616263", "a string cut short")]
    [InlineData("1A", "a tag without its value")]
    [InlineData("0AFFFFFFFF0F", "a negative length")]
    [InlineData("00", "field number zero")]
    [InlineData("0E", "wire type 6")]
    [InlineData("0C", "an end-group tag without a start")]
    [InlineData("0B1A0161", "a group that never ends")]
    [InlineData("0B14", "a group closed by another field's end tag")]
    [InlineData("08FFFFFFFFFFFFFFFFFFFF01", "a varint of 11 bytes")]
    [InlineData("12020A05", "a node that does not parse")]
    public void Decode_MalformedBytes_ThrowsAsGoogleProtobufDoes(string hex, string what)
    {
        var bytes = Convert.FromHexString(hex);
        var google = () => DiscoveryRequest.Parser.ParseFrom(bytes);
        google.Should().Throw<InvalidProtocolBufferException>(what);

        var ours = () => Decode(bytes);

        ours.Should().Throw<Exception>(what).Which.Should().Match(ex => ex is InvalidDataException || ex is InvalidProtocolBufferException);
    }

    [Fact]
    public void ResourceNamesEqual_DiffersInOneNameOrOrderOrCount_False()
    {
        var names = new[] { "a", "b", "ünï" };
        using var request = Decode(Request(names).ToByteArray());

        request.ResourceNamesEqual(names).Should().BeTrue();
        request.ResourceNamesEqual(["a", "b", "üni"]).Should().BeFalse();
        request.ResourceNamesEqual(["b", "a", "ünï"]).Should().BeFalse();
        request.ResourceNamesEqual(["a", "b"]).Should().BeFalse();
        request.ResourceNamesEqual(["a", "b", "ünï", "c"]).Should().BeFalse();
    }

    [Fact]
    public void ResourceNamesEqual_InvalidUtf8_ComparesAsDecoded()
    {
        // "a\xFF" decodes to "a\uFFFD", as Google.Protobuf decodes it.
        var bytes = Convert.FromHexString("1A0261FF");
        using var request = Decode(bytes);

        request.ResourceNames().Should().Equal(DiscoveryRequest.Parser.ParseFrom(bytes).ResourceNames);
        request.ResourceNamesEqual(["a\uFFFD"]).Should().BeTrue();
        request.ResourceNamesEqual(["a?"]).Should().BeFalse();
    }

    [Fact]
    public void ResourceNames_AfterDispose_Throws()
    {
        var request = Decode(Request(["a"]).ToByteArray());
        request.Dispose();

        var names = () => request.ResourceNames();

        names.Should().Throw<ObjectDisposedException>();
        request.TypeUrl.Should().Be(TypeUrls.ClusterLoadAssignment, "decoded fields outlive the pooled bytes");
    }

    [Fact]
    public async Task StreamAggregatedResources_TruncatedRequest_EndsWithInternal()
    {
        await using var server = await XdsTestServer.StartAsync();
        var payload = Request(["echo"]).ToByteArray();
        var frame = new byte[GrpcFrameReader.HeaderSize + payload.Length - 1];
        frame[4] = (byte)(payload.Length - 1);
        payload.AsSpan(0, payload.Length - 1).CopyTo(frame.AsSpan(GrpcFrameReader.HeaderSize));
        var content = new ByteArrayContent(frame);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, XdsMethods.StreamAggregatedResources))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        using var http = new HttpClient();

        using var response = await http.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();

        var status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.First()
            : null;
        status.Should().Be("13", "a request that does not parse is INTERNAL, as for any protobuf message");
    }

    private static void ShouldMatch(SotwRequest decoded, DiscoveryRequest expected, string context)
    {
        decoded.VersionInfo.Should().Be(expected.VersionInfo, context);
        decoded.Node.Should().Be(expected.Node, context);
        decoded.TypeUrl.Should().Be(expected.TypeUrl, context);
        decoded.ResponseNonce.Should().Be(expected.ResponseNonce, context);
        decoded.ErrorDetail.Should().Be(expected.ErrorDetail, context);
        decoded.ResourceLocators.Should().Equal(expected.ResourceLocators, context);
        decoded.ResourceNameCount.Should().Be(expected.ResourceNames.Count, context);
        decoded.ResourceNames().Should().Equal(expected.ResourceNames, context);
        decoded.ResourceNamesEqual(expected.ResourceNames).Should().BeTrue(context);
        if (expected.ResourceNames.Count > 0)
        {
            var other = expected.ResourceNames.ToArray();
            other[^1] += "-";
            decoded.ResourceNamesEqual(other).Should().BeFalse(context);
        }
    }

    /// <summary>Decodes from a payload split into random segments, as the transport hands it over.</summary>
    private SotwRequest Decode(byte[] bytes, Random? random = null) => _decoder.Decode(Segmented(bytes, random));

    private static DiscoveryRequest Request(IEnumerable<string> names)
    {
        var request = new DiscoveryRequest { TypeUrl = TypeUrls.ClusterLoadAssignment, VersionInfo = "v", ResponseNonce = "1" };
        request.ResourceNames.Add(names);
        return request;
    }

    private static DiscoveryRequest RandomRequest(Random random)
    {
        var request = new DiscoveryRequest
        {
            VersionInfo = random.Next(3) == 0 ? string.Empty : Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())).ToLowerInvariant(),
            TypeUrl = random.Next(4) switch
            {
                0 => string.Empty,
                1 => "type.googleapis.com/unknown.Type",
                _ => TypeUrls.PushOrder[random.Next(TypeUrls.PushOrder.Count)],
            },
            ResponseNonce = random.Next(3) == 0 ? string.Empty : random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (random.Next(3) == 0)
        {
            request.Node = new Node { Id = "node-" + random.Next(100), Cluster = random.Next(2) == 0 ? "east" : "ünïcode", Locality = new Locality { Zone = "z" } };
            if (random.Next(2) == 0)
            {
                request.Node.Metadata = new Struct { Fields = { ["k"] = Value.ForString("v") } };
            }
        }

        if (random.Next(4) == 0)
        {
            request.ErrorDetail = new Google.Rpc.Status { Code = random.Next(17), Message = NamePool[random.Next(NamePool.Length)] };
        }

        var count = random.Next(5) == 0 ? random.Next(200) : random.Next(6);
        for (var i = 0; i < count; i++)
        {
            request.ResourceNames.Add(random.Next(3) == 0 ? NamePool[random.Next(NamePool.Length)] : "svc-" + random.Next(1000) + ".ns.svc.clusterset.local:9090");
        }

        for (var i = random.Next(4) == 0 ? random.Next(3) : 0; i > 0; i--)
        {
            request.ResourceLocators.Add(new ResourceLocator { Name = NamePool[random.Next(NamePool.Length)] });
        }

        return request;
    }

    /// <summary>Splices well-formed unknown fields (any wire type, known numbers with the wrong wire type, groups) between the fields.</summary>
    private static byte[] WithUnknownFields(byte[] bytes, Random random)
    {
        var output = new MemoryStream();
        var fields = SplitFields(bytes);
        foreach (var field in fields)
        {
            while (random.Next(4) == 0)
            {
                output.Write(UnknownField(random, depth: 0));
            }

            output.Write(field);
        }

        if (random.Next(3) == 0)
        {
            output.Write(UnknownField(random, depth: 0));
        }

        return output.ToArray();
    }

    private static byte[] UnknownField(Random random, int depth)
    {
        var output = new MemoryStream();
        using var coded = new CodedOutputStream(output, leaveOpen: true);
        var number = random.Next(3) == 0 ? random.Next(1, 8) : random.Next(8, 5000);
        var wireType = random.Next(6);
        switch (wireType)
        {
            case 0:
                coded.WriteTag(number, WireFormat.WireType.Varint);
                coded.WriteUInt64((ulong)random.NextInt64());
                break;
            case 1:
                coded.WriteTag(number, WireFormat.WireType.Fixed64);
                coded.WriteFixed64((ulong)random.NextInt64());
                break;
            case 2 when number is not (2 or 6 or 7):
                // Not for the message fields: their bytes must parse as the message.
                coded.WriteTag(number, WireFormat.WireType.LengthDelimited);
                coded.WriteBytes(ByteString.CopyFrom(Enumerable.Range(0, random.Next(10)).Select(_ => (byte)random.Next(256)).ToArray()));
                break;
            case 3 when depth < 3:
                coded.WriteTag(number, WireFormat.WireType.StartGroup);
                coded.Flush();
                for (var i = random.Next(3); i > 0; i--)
                {
                    output.Write(UnknownField(random, depth + 1));
                }

                coded.WriteTag(number, WireFormat.WireType.EndGroup);
                break;
            default:
                coded.WriteTag(number, WireFormat.WireType.Fixed32);
                coded.WriteFixed32((uint)random.Next());
                break;
        }

        coded.Flush();
        return output.ToArray();
    }

    /// <summary>Random byte flips, insertions, deletions and truncation.</summary>
    private static byte[] Corrupt(byte[] bytes, Random random)
    {
        var list = bytes.ToList();
        for (var edits = random.Next(1, 4); edits > 0; edits--)
        {
            switch (random.Next(4))
            {
                case 0 when list.Count > 0:
                    list[random.Next(list.Count)] = (byte)random.Next(256);
                    break;
                case 1:
                    list.Insert(random.Next(list.Count + 1), (byte)random.Next(256));
                    break;
                case 2 when list.Count > 0:
                    list.RemoveAt(random.Next(list.Count));
                    break;
                default:
                    list = list.Take(random.Next(list.Count + 1)).ToList();
                    break;
            }
        }

        return [.. list];
    }

    /// <summary>The top-level fields of a well-formed message, each as its bytes (tag and value).</summary>
    private static List<byte[]> SplitFields(byte[] bytes)
    {
        var fields = new List<byte[]>();
        var input = new CodedInputStream(bytes);
        var start = 0;
        while (input.ReadTag() != 0)
        {
            input.SkipLastField();
            fields.Add(bytes[start..(int)input.Position]);
            start = (int)input.Position;
        }

        return fields;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(part => part)];

    private static ReadOnlySequence<byte> Segmented(byte[] bytes, Random? random)
    {
        if (random is null || bytes.Length < 2 || random.Next(2) == 0)
        {
            return new ReadOnlySequence<byte>(bytes);
        }

        Segment? first = null;
        Segment? last = null;
        var offset = 0;
        while (offset < bytes.Length)
        {
            var length = Math.Min(random.Next(1, 64), bytes.Length - offset);
            var memory = bytes.AsMemory(offset, length);
            last = first is null ? first = new Segment(memory, 0) : last!.Append(memory);
            offset += length;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
