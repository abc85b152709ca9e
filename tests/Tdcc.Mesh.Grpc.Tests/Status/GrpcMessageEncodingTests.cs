using Tdcc.Mesh.Grpc.Status;

namespace Tdcc.Mesh.Grpc.Tests.Status;

public sealed class GrpcMessageEncodingTests
{
    [Fact]
    public void Encode_PrintableAscii_Unchanged() =>
        GrpcMessageEncoding.Encode("Deadline Exceeded").Should().Be("Deadline Exceeded");

    [Fact]
    public void Encode_PercentAndNonAscii_PercentEncodesUtf8Bytes() =>
        GrpcMessageEncoding.Encode("50% \u00e9\n").Should().Be("50%25 %C3%A9%0A");

    [Fact]
    public void Decode_EncodedValue_RoundTrips() =>
        GrpcMessageEncoding.Decode(GrpcMessageEncoding.Encode("ünïcödé % \t ok")).Should().Be("ünïcödé % \t ok");

    [Fact]
    public void Decode_MalformedEscape_KeptAsIs() =>
        GrpcMessageEncoding.Decode("100%zz%4").Should().Be("100%zz%4");
}
