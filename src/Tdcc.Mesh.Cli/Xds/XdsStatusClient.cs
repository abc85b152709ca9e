using System.Net;
using System.Text.Json;
using Tdcc.Mesh.Xds.Server;

namespace Tdcc.Mesh.Cli.Xds;

/// <summary>
/// Fetches an xDS server's status view (<c>GET /debug/xds/status</c>) over HTTP/2 cleartext with prior knowledge, the
/// only protocol the xDS listener speaks, and parses it into the server's own status records.
/// </summary>
internal sealed class XdsStatusClient(HttpClient http)
{
    /// <summary>The path the server maps by default (<see cref="XdsServerOptions.StatusPath"/>).</summary>
    public static string StatusPath { get; } = new XdsServerOptions().StatusPath;

    /// <summary>The status of <paramref name="server"/>, raw and parsed.</summary>
    /// <exception cref="XdsStatusUnavailableException">The server cannot be reached, answers with an error, or with something that is not the status view.</exception>
    public async Task<XdsStatusFetch> GetAsync(Uri server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, StatusPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        string json;
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            json = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new XdsStatusUnavailableException(server, $"it answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            }
        }
        catch (HttpRequestException e)
        {
            var reason = e.HttpRequestError == HttpRequestError.ConnectionError ? "connection refused or host unreachable" : e.Message;
            throw new XdsStatusUnavailableException(server, reason, e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new XdsStatusUnavailableException(server, $"no answer within {http.Timeout.TotalSeconds:0} s", e);
        }

        try
        {
            var report = JsonSerializer.Deserialize(json, XdsStatusClientJsonContext.Default.XdsStatusReport)
                ?? throw new JsonException("the body is null");
            return new XdsStatusFetch(server, json, report);
        }
        catch (JsonException e)
        {
            throw new XdsStatusUnavailableException(server, $"the answer is not an xDS status view ({e.Message})", e);
        }
    }
}
