using System.CommandLine;
using System.Net.Http.Headers;

namespace Tdcc.Mesh.Cli.Commands;

/// <summary>
/// <c>tdcc sandbox stop MEMBER</c> and <c>tdcc sandbox start MEMBER</c>: ask the running sandbox to stop one member as if
/// its machines went away (API server, nodes, pods and mesh agents; state kept) and to start it again.
/// </summary>
internal static class SandboxMemberCommand
{
    public static Command Create(string verb, string description)
    {
        var cluster = new Argument<string>("cluster") { Description = "The member cluster" };
        var dir = new Option<string>("--dir") { Description = "State directory of the running sandbox", DefaultValueFactory = _ => ".sandbox" };
        var command = new Command(verb, description) { cluster, dir };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(dir) ?? ".sandbox", parse.GetValue(cluster)!, verb, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string directory, string cluster, string verb, CancellationToken cancellationToken)
    {
        var (sandbox, member, error, exitCode) = await SandboxEndpointsReader.FindMemberAsync(directory, cluster, cancellationToken).ConfigureAwait(false);
        if (sandbox is null || member is null)
        {
            await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
            return exitCode;
        }

        if (sandbox.Control is null || sandbox.ControlToken is null)
        {
            await Console.Error.WriteLineAsync($"The sandbox in {Path.GetFullPath(directory)} was started by an older tdcc without a control endpoint; restart it.").ConfigureAwait(false);
            return 1;
        }

        using var http = new HttpClient { BaseAddress = new Uri(sandbox.Control), Timeout = TimeSpan.FromMinutes(2) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/members/{Uri.EscapeDataString(cluster)}/{verb}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sandbox.ControlToken);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var text = (await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false)).Trim();
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"{verb} {cluster}: {text}").ConfigureAwait(false);
                return 1;
            }

            Console.WriteLine(text);
            return 0;
        }
        catch (HttpRequestException e)
        {
            await Console.Error.WriteLineAsync($"{verb} {cluster}: the sandbox process at {sandbox.Control} did not answer ({e.Message})").ConfigureAwait(false);
            return 1;
        }
    }
}
