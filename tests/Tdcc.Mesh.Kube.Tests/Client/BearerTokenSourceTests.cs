using Microsoft.Extensions.Logging.Abstractions;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Tests.Fakes;

namespace Tdcc.Mesh.Kube.Tests.Client;

public sealed class BearerTokenSourceTests : IDisposable
{
    private readonly TempDirectory temp = new();
    private readonly ManualClock clock = new();

    [Fact]
    public void GetToken_FileRotated_ReReadOnlyAfterInterval()
    {
        var file = temp.Write("token", "one\n");
        var source = new BearerTokenSource("static", file, TimeSpan.FromMinutes(1), clock, NullLogger.Instance);

        source.GetToken().Should().Be("one");
        File.WriteAllText(file, "two");
        clock.Advance(TimeSpan.FromSeconds(59));
        source.GetToken().Should().Be("one");
        clock.Advance(TimeSpan.FromSeconds(1));
        source.GetToken().Should().Be("two");
    }

    [Fact]
    public void GetToken_FileDisappears_KeepsLastToken()
    {
        var file = temp.Write("token", "one");
        var source = new BearerTokenSource(null, file, TimeSpan.FromMinutes(1), clock, NullLogger.Instance);
        source.GetToken().Should().Be("one");

        File.Delete(file);
        clock.Advance(TimeSpan.FromMinutes(2));

        source.GetToken().Should().Be("one");
    }

    [Fact]
    public void GetToken_FileMissingFromStart_FallsBackToStaticToken()
    {
        var source = new BearerTokenSource("static", Path.Combine(temp.Path, "none"), TimeSpan.FromMinutes(1), clock, NullLogger.Instance);

        source.GetToken().Should().Be("static");
    }

    public void Dispose() => temp.Dispose();
}
