using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Config;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// Sends requests to one API server: base address, credentials, per-request timeout, retries with
/// exponential backoff and jitter, and error mapping. Every resource client shares one transport.
/// </summary>
internal sealed class KubeTransport : IDisposable
{
    private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new("application/json");

    private readonly HttpClient http;
    private readonly KubeClientOptions options;
    private readonly BearerTokenSource token;
    private readonly AuthenticationHeaderValue? basic;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly Func<double> jitter;
    private readonly string baseAddress;

    public KubeTransport(KubeClientOptions options, HttpMessageHandler handler, bool disposeHandler, TimeProvider timeProvider, ILogger logger, Func<double>? jitter = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.jitter = jitter ?? Random.Shared.NextDouble;
        baseAddress = options.Server.AbsoluteUri.TrimEnd('/');
        http = new HttpClient(handler, disposeHandler)
        {
            Timeout = Timeout.InfiniteTimeSpan,
            // HTTP/2 when TLS negotiation (ALPN) offers it, HTTP/1.1 otherwise; over plain http HTTP/1.1 unless the
            // server is known to take prior-knowledge h2c.
            DefaultRequestVersion = options.EnableHttp2 || H2c(options) ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = H2c(options) ? HttpVersionPolicy.RequestVersionExact
                : options.EnableHttp2 ? HttpVersionPolicy.RequestVersionOrLower : HttpVersionPolicy.RequestVersionExact,
        };
        token = new BearerTokenSource(options.BearerToken, options.TokenFile, options.TokenRefreshInterval, timeProvider, logger);
        if (options.Username is not null && !token.HasToken)
        {
            var raw = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
            basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(raw));
        }
    }

    public KubeClientOptions Options => options;

    /// <summary>
    /// Sends the request and returns the successful response (the caller disposes it), retrying what is safe to retry.
    /// Error responses become <see cref="KubeApiException"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(KubeRequest request, CancellationToken cancellationToken)
    {
        var policy = options.Retry;
        var maxAttempts = Math.Max(1, policy.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = request.Streaming ? null : new CancellationTokenSource(options.RequestTimeout, timeProvider);
            using var linked = timeout is null
                ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
                : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            HttpResponseMessage response;
            try
            {
                using var message = CreateMessage(request);
                var completion = request.Streaming ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
                response = await http.SendAsync(message, completion, linked.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (request.Idempotent && attempt < maxAttempts)
            {
                var delay = Backoff(attempt, null);
                KubeClientLog.RequestConnectionRetrying(logger, request.Method.Method, request.PathAndQuery, attempt, delay, ex);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (request.Idempotent && attempt < maxAttempts)
                {
                    var delay = Backoff(attempt, null);
                    KubeClientLog.RequestConnectionRetrying(logger, request.Method.Method, request.PathAndQuery, attempt, delay, ex);
                    await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                throw new KubeApiException(KubeErrorReason.Timeout, 0, $"{request.Method} {request.PathAndQuery} timed out after {options.RequestTimeout}");
            }

            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            KubeApiException error;
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                error = KubeErrors.FromResponse((int)response.StatusCode, body, RetryAfterOf(response));
            }

            if (attempt < maxAttempts && IsRetryable(request, error.StatusCode))
            {
                var delay = Backoff(attempt, error.RetryAfter);
                KubeClientLog.RequestRetrying(logger, request.Method.Method, request.PathAndQuery, error.StatusCode, attempt, delay);
                await Task.Delay(delay, timeProvider, cancellationToken).ConfigureAwait(false);
                continue;
            }

            KubeClientLog.RequestFailed(logger, request.Method.Method, request.PathAndQuery, error.StatusCode, error.Reason);
            throw error;
        }
    }

    /// <summary>The delay before attempt <paramref name="attempt"/>+1: the server's Retry-After, else exponential with jitter in [50%, 100%].</summary>
    internal TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var policy = options.Retry;
        if (retryAfter is { } asked)
        {
            return asked < policy.MaxDelay ? asked : policy.MaxDelay;
        }

        var exponential = policy.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(exponential, policy.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped * (0.5 + (jitter() * 0.5)));
    }

    public void Dispose() => http.Dispose();

    private static bool IsRetryable(KubeRequest request, int statusCode) => statusCode switch
    {
        // Throttled: the server did not process the request, so even a write is safe to send again.
        429 => true,
        500 or 502 or 503 or 504 => request.Idempotent,
        _ => false,
    };

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private HttpRequestMessage CreateMessage(KubeRequest request)
    {
        var message = new HttpRequestMessage(request.Method, new Uri(baseAddress + request.PathAndQuery, UriKind.Absolute))
        {
            Version = http.DefaultRequestVersion,
            VersionPolicy = http.DefaultVersionPolicy,
        };
        message.Headers.Accept.Add(JsonMediaType);
        message.Headers.UserAgent.ParseAdd(options.UserAgent);
        if (token.GetToken() is { } bearer)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        else if (basic is not null)
        {
            message.Headers.Authorization = basic;
        }

        if (request.Body is { } body)
        {
            var content = new ReadOnlyMemoryContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType ?? "application/json");
            message.Content = content;
        }

        return message;
    }

    private static bool H2c(KubeClientOptions options) =>
        options.Http2PriorKnowledge && string.Equals(options.Server.Scheme, Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase);
}
