using System.Net;
using System.Text;

namespace Tdcc.Mesh.Kube.Tests.Fakes;

/// <summary>A request as the fake handler saw it, with its body read.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? ContentType, string? Body, HttpRequestMessage Message);

/// <summary>Answers requests from a queue of responders and records them.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, HttpResponseMessage>> responders = new();

    public List<RecordedRequest> Requests { get; } = [];

    public FakeHttpHandler Respond(Func<RecordedRequest, HttpResponseMessage> responder)
    {
        responders.Enqueue(responder);
        return this;
    }

    public FakeHttpHandler Respond(HttpStatusCode code, string body, Action<HttpResponseMessage>? configure = null) =>
        Respond(_ =>
        {
            var response = Json(code, body);
            configure?.Invoke(response);
            return response;
        });

    public static HttpResponseMessage Json(HttpStatusCode code, string body) =>
        new(code) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, request.Content?.Headers.ContentType?.MediaType, body, request);
        Requests.Add(recorded);
        if (responders.Count == 0)
        {
            throw new InvalidOperationException($"unexpected request {request.Method} {request.RequestUri}");
        }

        return responders.Dequeue()(recorded);
    }
}
