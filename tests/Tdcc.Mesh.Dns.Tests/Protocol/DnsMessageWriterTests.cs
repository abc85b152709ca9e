using System.Net;
using Tdcc.Mesh.Dns.Protocol;

namespace Tdcc.Mesh.Dns.Tests.Protocol;

public class DnsMessageWriterTests
{
    [Fact]
    public void TryWriteName_SharedSuffix_WritesPointerToEarlierName()
    {
        var buffer = new byte[64];
        Span<ushort> offsets = stackalloc ushort[16];
        var writer = new DnsMessageWriter(buffer, offsets);
        writer.TrySkip(12);

        writer.TryWriteName(DnsName.Parse("a.example.com")).Should().BeTrue();
        writer.TryWriteName(DnsName.Parse("b.example.com")).Should().BeTrue();

        // 12: a.example.com. (15 octets); 27: b + pointer to 14 ("example.com.")
        buffer.AsSpan(27, 4).ToArray().Should().Equal(1, (byte)'b', 0xC0, 14);
        writer.Position.Should().Be(31);
    }

    [Fact]
    public void TryWriteName_SameNameOtherCase_WritesOnlyPointer()
    {
        var buffer = new byte[64];
        Span<ushort> offsets = stackalloc ushort[16];
        var writer = new DnsMessageWriter(buffer, offsets);
        writer.TrySkip(12);

        writer.TryWriteName(DnsName.Parse("Web.Prod"));
        writer.TryWriteName(DnsName.Parse("web.prod"));

        buffer.AsSpan(22, 2).ToArray().Should().Equal(0xC0, 12);
        writer.Position.Should().Be(24);
    }

    [Fact]
    public void TryWriteName_CompressionDisabled_WritesFullName()
    {
        var buffer = new byte[64];
        Span<ushort> offsets = stackalloc ushort[16];
        var writer = new DnsMessageWriter(buffer, offsets);
        writer.TrySkip(12);

        writer.TryWriteName(DnsName.Parse("a.b"));
        writer.TryWriteName(DnsName.Parse("a.b"), compress: false);

        writer.Position.Should().Be(22);
    }

    [Fact]
    public void TryWriteName_NoRoom_RewindsWholeName()
    {
        var buffer = new byte[16];
        Span<ushort> offsets = stackalloc ushort[16];
        var writer = new DnsMessageWriter(buffer, offsets);
        writer.TrySkip(12);

        writer.TryWriteName(DnsName.Parse("abc.d")).Should().BeFalse();

        writer.Position.Should().Be(12);
    }

    [Fact]
    public void TryWrite_RecordRoundTrip_ReadsBackSameNameAndData()
    {
        var buffer = new byte[128];
        Span<ushort> offsets = stackalloc ushort[16];
        var writer = new DnsMessageWriter(buffer, offsets);
        writer.TrySkip(12);
        var owner = DnsName.Parse("web.prod.svc.clusterset.local");
        writer.TryWriteName(owner);
        var srv = new DnsRecord(owner, 5, new SrvRecordData(0, 100, 80, owner));
        var a = new DnsRecord(owner, 5, new AddressRecordData(IPAddress.Parse("10.0.0.1")));

        srv.TryWrite(ref writer).Should().BeTrue();
        a.TryWrite(ref writer).Should().BeTrue();

        var offset = 12;
        DnsMessageReader.TryReadName(buffer.AsSpan(0, writer.Position), ref offset, out var first).Should().BeTrue();
        first.Should().Be(owner);
        // The SRV owner is a pointer, its target is written out in full (RFC 2782).
        buffer.AsSpan(offset, 2).ToArray().Should().Equal(0xC0, 12);
        var targetOffset = offset + 2 + 10 + 6;
        DnsMessageReader.TryReadName(buffer.AsSpan(0, writer.Position), ref targetOffset, out var target).Should().BeTrue();
        target.Should().Be(owner);
        buffer[offset + 2 + 10 + 6].Should().Be(3, "the SRV target starts with a length octet, not a pointer");
        buffer.AsSpan(writer.Position - 4, 4).ToArray().Should().Equal(10, 0, 0, 1);
    }

    [Fact]
    public void TryWrite_RecordDoesNotFit_LeavesNothing()
    {
        var buffer = new byte[40];
        Span<ushort> offsets = stackalloc ushort[16];
        var writer = new DnsMessageWriter(buffer, offsets);
        writer.TrySkip(12);
        var record = new DnsRecord(DnsName.Parse("long-name.prod.svc.clusterset.local"), 5, new AddressRecordData(IPAddress.Loopback));

        record.TryWrite(ref writer).Should().BeFalse();

        writer.Position.Should().Be(12);
    }
}
