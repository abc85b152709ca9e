using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Tdcc.Mesh.Hosting.Health;

/// <summary>
/// <c>/healthz</c> (the process serves requests: liveness) and <c>/readyz</c> (every <see cref="IReadinessCheck"/> holds:
/// 200 <c>ok</c>, else 503 naming the failing checks; <c>?verbose</c> lists each as kube-apiserver does).
/// </summary>
public static class ProbeEndpoints
{
    public static IEndpointRouteBuilder MapProbes(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/healthz", static context => WriteAsync(context, StatusCodes.Status200OK, "ok\n"));
        endpoints.MapGet("/livez", static context => WriteAsync(context, StatusCodes.Status200OK, "ok\n"));
        endpoints.MapGet("/readyz", static context =>
        {
            var checks = context.RequestServices.GetServices<IReadinessCheck>().ToList();
            var failing = checks.Where(c => !c.IsReady).ToList();
            var verbose = context.Request.Query.ContainsKey("verbose");
            var text = new StringBuilder();
            if (verbose)
            {
                foreach (var check in checks)
                {
                    text.Append(check.IsReady ? "[+]" : "[-]").Append(check.Name).Append(check.IsReady ? " ok\n" : " failed\n");
                }
            }

            if (failing.Count == 0)
            {
                text.Append("ok\n");
                return WriteAsync(context, StatusCodes.Status200OK, text.ToString());
            }

            text.Append("readyz check failed: ").AppendJoin(", ", failing.Select(c => c.Name)).Append('\n');
            return WriteAsync(context, StatusCodes.Status503ServiceUnavailable, text.ToString());
        });
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
