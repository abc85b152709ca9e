using Tdcc.Mesh.Mcs.Api;

namespace Tdcc.Mesh.Mcs.Tests.Api;

public sealed class McsNamesTests
{
    [Fact]
    public void DerivedService_KnownInput_MatchesBase32HexOfSha256()
    {
        // sha256("demo/web") starts 0x5f 0x2b ...; computed independently of the implementation below.
        var digest = System.Security.Cryptography.SHA256.HashData("demo/web"u8.ToArray());
        var bits = string.Concat(digest.Take(7).Select(b => Convert.ToString(b, 2).PadLeft(8, '0')));
        var expected = string.Concat(Enumerable.Range(0, 10).Select(i => "0123456789abcdefghijklmnopqrstuv"[Convert.ToInt32(bits.Substring(i * 5, 5), 2)]));

        McsNames.DerivedService("demo", "web").Should().Be("derived-" + expected);
        McsNames.DerivedService("demo", "web").Should().HaveLength(18);
    }

    [Fact]
    public void HubSlice_VeryLongName_BoundedTo253()
    {
        var name = McsNames.HubSlice(new string('a', 63), new string('b', 63), new string('c', 200));

        name.Length.Should().BeLessThanOrEqualTo(253);
        McsNames.HubSlice(new string('a', 63), new string('b', 63), new string('c', 200)).Should().Be(name);
    }
}
