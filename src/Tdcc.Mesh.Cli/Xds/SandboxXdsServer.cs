using Spectre.Console;
using Tdcc.Mesh.Sandbox.Clusters;

namespace Tdcc.Mesh.Cli.Xds;

/// <summary>
/// Which xDS server a <c>tdcc xds</c> verb talks to: <c>--server</c> when given, else the <c>xds</c> entry of the
/// sandbox's endpoints.json. <see cref="Endpoints"/> is the sandbox's file when it was read (null with <c>--server</c>);
/// <see cref="Error"/> (console markup) says why there is no server.
/// </summary>
internal sealed record SandboxXdsServer(Uri? Server, SandboxEndpoints? Endpoints, string? Error)
{
    /// <summary>Finds the server from <paramref name="serverOption"/>, else from <c>&lt;directory&gt;/endpoints.json</c>.</summary>
    public static async Task<SandboxXdsServer> FindAsync(string directory, string? serverOption, CancellationToken cancellationToken)
    {
        if (serverOption is not null)
        {
            return Parse(serverOption) is { } parsed
                ? new SandboxXdsServer(parsed, null, null)
                : Failed($"[red]--server {Markup.Escape(serverOption)} is not an http:// or https:// URL.[/]");
        }

        var endpoints = await SandboxHost.ReadEndpointsAsync(directory, cancellationToken).ConfigureAwait(false);
        if (endpoints is null)
        {
            return Failed($"[red]No sandbox is running in {Markup.Escape(Path.GetFullPath(directory))} (no {SandboxEndpoints.FileName}).[/] Start one with [bold]make run[/], or name a server with [bold]--server[/].");
        }

        var xds = endpoints.Clusters.Select(c => c.Xds).FirstOrDefault(x => !string.IsNullOrEmpty(x));
        return xds is not null && Parse(xds) is { } server
            ? new SandboxXdsServer(server, endpoints, null)
            : Failed($"[red]The sandbox in {Markup.Escape(Path.GetFullPath(directory))} has no xDS server ({SandboxEndpoints.FileName} has no valid xds entry).[/]");
    }

    /// <summary>An http(s) URL; a bare <c>host:port</c> means http.</summary>
    public static Uri? Parse(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Contains("://", StringComparison.Ordinal) ? value : "http://" + value;
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
    }

    private static SandboxXdsServer Failed(string error) => new(null, null, error);
}
