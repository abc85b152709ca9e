using System.Collections.Immutable;
using Tdcc.Mesh.GatewayApi.Api;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// Route filters as <see cref="IngressFilter"/>s: RequestHeaderModifier, ResponseHeaderModifier, RequestRedirect and
/// URLRewrite (HTTPRoute only) and RequestMirror (its backend resolved like any backendRef). Other types, and filters
/// without their settings, are problems that keep the route from being accepted.
/// </summary>
internal static class IngressFilters
{
    public static ImmutableArray<IngressFilter> Read(
        ImmutableArray<RouteFilter>? filters,
        bool http,
        string path,
        List<string> problems,
        Func<BackendRef, IngressBackend> resolve)
    {
        var result = ImmutableArray.CreateBuilder<IngressFilter>();
        var list = filters ?? [];
        for (var i = 0; i < list.Length; i++)
        {
            var filter = list[i];
            var at = $"{path}[{i}]";
            IngressFilter? converted = filter.Type switch
            {
                "RequestHeaderModifier" => Headers(filter.RequestHeaderModifier, response: false, at + ".requestHeaderModifier", problems),
                "ResponseHeaderModifier" => Headers(filter.ResponseHeaderModifier, response: true, at + ".responseHeaderModifier", problems),
                "RequestRedirect" when http => Redirect(filter.RequestRedirect, at + ".requestRedirect", problems),
                "URLRewrite" when http => Rewrite(filter.UrlRewrite, at + ".urlRewrite", problems),
                "RequestMirror" => Mirror(filter.RequestMirror, at + ".requestMirror", problems, resolve),
                _ => Unsupported(filter.Type, at, problems),
            };
            if (converted is not null)
            {
                result.Add(converted);
            }
        }

        return result.ToImmutable();
    }

    private static IngressFilter? Unsupported(string type, string path, List<string> problems)
    {
        problems.Add($"{path}: filter {type} is not supported");
        return null;
    }

    private static HeaderModifierFilter? Headers(HttpHeaderFilter? settings, bool response, string path, List<string> problems)
    {
        if (settings is null)
        {
            problems.Add($"{path} is required by its type");
            return null;
        }

        return new HeaderModifierFilter(
            response,
            [.. (settings.Set ?? []).Select(h => KeyValuePair.Create(h.Name, h.Value))],
            [.. (settings.Add ?? []).Select(h => KeyValuePair.Create(h.Name, h.Value))],
            [.. settings.Remove ?? []]);
    }

    private static RedirectFilter? Redirect(HttpRequestRedirectFilter? settings, string path, List<string> problems)
    {
        if (settings is null)
        {
            problems.Add($"{path} is required by its type");
            return null;
        }

        if (settings.Scheme is not (null or "http" or "https"))
        {
            problems.Add($"{path}.scheme: {settings.Scheme} is not supported (http or https)");
        }

        if (settings.StatusCode is not (null or 301 or 302))
        {
            problems.Add($"{path}.statusCode: {settings.StatusCode} is not supported (301 or 302)");
        }

        return new RedirectFilter(settings.Scheme, settings.Hostname, PathModifier(settings.Path, path + ".path", problems), settings.Port, settings.StatusCode ?? 302);
    }

    private static RewriteFilter? Rewrite(HttpUrlRewriteFilter? settings, string path, List<string> problems)
    {
        if (settings is null)
        {
            problems.Add($"{path} is required by its type");
            return null;
        }

        return new RewriteFilter(settings.Hostname, PathModifier(settings.Path, path + ".path", problems));
    }

    private static IngressPathModifier? PathModifier(HttpPathModifier? modifier, string path, List<string> problems)
    {
        switch (modifier?.Type)
        {
            case null:
                return null;
            case "ReplaceFullPath" when modifier.ReplaceFullPath is { } full:
                return new IngressPathModifier(true, full);
            case "ReplacePrefixMatch" when modifier.ReplacePrefixMatch is { } prefix:
                return new IngressPathModifier(false, prefix);
            default:
                problems.Add($"{path}: {modifier.Type} needs its value (replaceFullPath or replacePrefixMatch)");
                return null;
        }
    }

    private static MirrorFilter? Mirror(HttpRequestMirrorFilter? settings, string path, List<string> problems, Func<BackendRef, IngressBackend> resolve)
    {
        if (settings is null)
        {
            problems.Add($"{path} is required by its type");
            return null;
        }

        double percent = settings.Percent ?? 100;
        if (settings.Fraction is { } fraction)
        {
            var denominator = fraction.Denominator ?? 100;
            percent = denominator <= 0 ? 0 : Math.Clamp(100.0 * fraction.Numerator / denominator, 0, 100);
        }

        return new MirrorFilter(resolve(settings.BackendRef) with { Weight = 1 }, Math.Clamp(percent, 0, 100));
    }
}
