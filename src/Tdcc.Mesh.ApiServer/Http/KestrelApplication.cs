using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>The minimal Kestrel application: one request delegate, no middleware pipeline, no DI scope per request.</summary>
internal sealed class KestrelApplication : IHttpApplication<HttpContext>
{
    private readonly RequestDelegate _handler;

    public KestrelApplication(RequestDelegate handler)
    {
        _handler = handler;
    }

    public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

    public Task ProcessRequestAsync(HttpContext context) => _handler(context);

    public void DisposeContext(HttpContext context, Exception? exception)
    {
    }
}
