using System.Text;
using Microsoft.Extensions.Logging;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// The bearer token of requests: a static one, or the contents of a token file read again at most every
/// refresh interval (projected service account tokens rotate). A file that cannot be read keeps the last token.
/// </summary>
internal sealed class BearerTokenSource
{
    private readonly string? staticToken;
    private readonly string? tokenFile;
    private readonly TimeSpan refreshInterval;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private string? fileToken;
    private DateTimeOffset readAt = DateTimeOffset.MinValue;

    public BearerTokenSource(string? staticToken, string? tokenFile, TimeSpan refreshInterval, TimeProvider timeProvider, ILogger logger)
    {
        this.staticToken = staticToken;
        this.tokenFile = tokenFile;
        this.refreshInterval = refreshInterval;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    public bool HasToken => staticToken is not null || tokenFile is not null;

    /// <summary>The current token, or null when there is none.</summary>
    public string? GetToken()
    {
        if (tokenFile is null)
        {
            return staticToken;
        }

        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            if (fileToken is null || now - readAt >= refreshInterval)
            {
                try
                {
                    var text = File.ReadAllText(tokenFile, Encoding.UTF8).Trim();
                    if (text.Length > 0)
                    {
                        fileToken = text;
                    }
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    KubeClientLog.TokenFileUnreadable(logger, tokenFile, ex);
                }

                readAt = now;
            }

            return fileToken ?? staticToken;
        }
    }
}
