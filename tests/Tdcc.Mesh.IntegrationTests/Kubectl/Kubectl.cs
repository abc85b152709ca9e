using Tdcc.Mesh.IntegrationTests.Fixtures;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.IntegrationTests.Kubectl;

/// <summary>Runs the real kubectl against an <see cref="ApiServerFixture"/> and checks how it ended.</summary>
internal sealed class Kubectl(ApiServerFixture fixture)
{
    public const string Peer = "kubectl";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs kubectl and returns whatever it printed.</summary>
    public Task<PeerResult> RunAsync(string? standardInput, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var env = new Dictionary<string, string>(fixture.Environment);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return PeerTools.RunAsync(Peer, arguments, standardInput, fixture.HomeDirectory, env, Timeout);
    }

    /// <summary>Runs kubectl, expects success, and returns its standard output.</summary>
    public async Task<string> OkAsync(params string[] arguments) => (await SucceedAsync(null, arguments)).StandardOutput;

    /// <summary>Runs kubectl with <paramref name="standardInput"/> (for <c>-f -</c>), expects success, returns standard output.</summary>
    public async Task<string> OkWithInputAsync(string standardInput, params string[] arguments) =>
        (await SucceedAsync(standardInput, arguments)).StandardOutput;

    /// <summary>Runs kubectl, expects it to fail, and returns its standard error.</summary>
    public async Task<string> FailAsync(string? standardInput, params string[] arguments)
    {
        var result = await RunAsync(standardInput, null, arguments);
        result.ExitCode.Should().NotBe(0, "kubectl {0} should fail\n{1}", string.Join(' ', arguments), result);
        return result.StandardError;
    }

    private async Task<PeerResult> SucceedAsync(string? standardInput, string[] arguments)
    {
        var result = await RunAsync(standardInput, null, arguments);
        result.ExitCode.Should().Be(0, "kubectl {0} should succeed\n{1}", string.Join(' ', arguments), result);
        return result;
    }
}
