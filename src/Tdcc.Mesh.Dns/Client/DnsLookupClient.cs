using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Client;

/// <summary>
/// A stub resolver for one question to one server (a member's clusterset DNS server, for diagnostics): asks over UDP
/// and again over TCP when the answer is truncated. Names and records are read with the server's own wire code.
/// </summary>
public static class DnsLookupClient
{
    /// <summary>Asks <paramref name="server"/> for the <paramref name="type"/> records of <paramref name="name"/>.</summary>
    /// <exception cref="TimeoutException">No answer within <paramref name="timeout"/>.</exception>
    /// <exception cref="InvalidDataException">The answer is not a well-formed response to the question.</exception>
    public static async Task<DnsLookupResult> QueryAsync(IPEndPoint server, string name, DnsLookupType type, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!DnsName.TryParse(name, out var question))
        {
            throw new ArgumentException($"'{name}' is not a valid DNS name", nameof(name));
        }

        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        var request = Query(id, question, (ushort)type);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var response = await UdpAsync(server, request, deadline.Token).ConfigureAwait(false);
            if (DnsHeader.TryRead(response, out var header) && header.IsTruncated)
            {
                response = await TcpAsync(server, request, deadline.Token).ConfigureAwait(false);
            }

            return Parse(response, id);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no answer from {server} within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)}s");
        }
    }

    private static byte[] Query(ushort id, DnsName name, ushort type)
    {
        var message = new byte[DnsWireLimits.HeaderSize + name.Wire.Length + 4];
        new DnsHeader(id, DnsHeader.RecursionDesiredFlag, 1, 0, 0, 0).Write(message);
        name.Wire.CopyTo(message.AsSpan(DnsWireLimits.HeaderSize));
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(message.Length - 4), type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(message.Length - 2), DnsClass.Internet);
        return message;
    }

    private static async Task<byte[]> UdpAsync(IPEndPoint server, byte[] request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(request, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[DnsWireLimits.MaxTcpMessage];
        var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
        return buffer[..received];
    }

    private static async Task<byte[]> TcpAsync(IPEndPoint server, byte[] request, CancellationToken cancellationToken)
    {
        using var socket = new Socket(server.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server, cancellationToken).ConfigureAwait(false);
        var stream = new NetworkStream(socket, ownsSocket: false);
        await using var streamScope = stream.ConfigureAwait(false);
        var framed = new byte[request.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)request.Length);
        request.CopyTo(framed, 2);
        await stream.WriteAsync(framed, cancellationToken).ConfigureAwait(false);
        var prefix = new byte[2];
        await stream.ReadExactlyAsync(prefix, cancellationToken).ConfigureAwait(false);
        var response = new byte[BinaryPrimitives.ReadUInt16BigEndian(prefix)];
        await stream.ReadExactlyAsync(response, cancellationToken).ConfigureAwait(false);
        return response;
    }

    private static DnsLookupResult Parse(byte[] response, ushort id)
    {
        if (!DnsHeader.TryRead(response, out var header) || !header.IsResponse || header.Id != id)
        {
            throw new InvalidDataException("the answer is not a DNS response to the question");
        }

        var offset = DnsWireLimits.HeaderSize;
        for (var i = 0; i < header.QuestionCount; i++)
        {
            ReadName(response, ref offset);
            offset += 4;
        }

        var answers = new List<DnsAnswer>(header.AnswerCount);
        for (var i = 0; i < header.AnswerCount; i++)
        {
            var owner = ReadName(response, ref offset);
            if (offset + 10 > response.Length)
            {
                throw new InvalidDataException("a record of the answer is cut short");
            }

            var type = (DnsRecordType)BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(offset));
            var ttl = BinaryPrimitives.ReadUInt32BigEndian(response.AsSpan(offset + 4));
            var length = BinaryPrimitives.ReadUInt16BigEndian(response.AsSpan(offset + 8));
            var start = offset + 10;
            if (start + length > response.Length)
            {
                throw new InvalidDataException("a record's data runs past the end of the answer");
            }

            answers.Add(new DnsAnswer(owner, TypeName(type), ttl, Describe(response, start, length, type)));
            offset = start + length;
        }

        return new DnsLookupResult(CodeName(header.ResponseCode), answers);
    }

    private static string ReadName(byte[] message, ref int offset) =>
        DnsMessageReader.TryReadName(message, ref offset, out var name)
            ? name.ToString()
            : throw new InvalidDataException("a name in the answer is malformed");

    private static string Describe(byte[] message, int start, int length, DnsRecordType type)
    {
        var data = message.AsSpan(start, length);
        switch (type)
        {
            case DnsRecordType.A when length == 4:
            case DnsRecordType.AAAA when length == 16:
                return new IPAddress(data).ToString();
            case DnsRecordType.SRV when length > 6:
                var target = start + 6;
                var host = ReadName(message, ref target);
                return string.Create(CultureInfo.InvariantCulture, $"{BinaryPrimitives.ReadUInt16BigEndian(data)} {BinaryPrimitives.ReadUInt16BigEndian(data[2..])} {BinaryPrimitives.ReadUInt16BigEndian(data[4..])} {host}");
            default:
                return Convert.ToHexString(data);
        }
    }

    private static string TypeName(DnsRecordType type) => Enum.IsDefined(type) ? type.ToString() : "TYPE" + ((int)type).ToString(CultureInfo.InvariantCulture);

    private static string CodeName(int code) => (DnsResponseCode)code switch
    {
        DnsResponseCode.NoError => "NOERROR",
        DnsResponseCode.FormErr => "FORMERR",
        DnsResponseCode.ServFail => "SERVFAIL",
        DnsResponseCode.NXDomain => "NXDOMAIN",
        DnsResponseCode.NotImp => "NOTIMP",
        DnsResponseCode.Refused => "REFUSED",
        _ => "RCODE" + code.ToString(CultureInfo.InvariantCulture),
    };
}
