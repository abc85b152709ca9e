using System.Globalization;
using Microsoft.AspNetCore.Http;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>What the HTTPRoute filters do to a request or response (header modifiers, redirect Location, URL rewrite).</summary>
internal static class IngressFilters
{
    /// <summary>Set (replace), add (append to what is there), remove; in that order.</summary>
    public static void Modify(IHeaderDictionary headers, HeaderModifierFilter filter)
    {
        foreach (var (name, value) in filter.Set.IsDefault ? [] : filter.Set)
        {
            headers[name] = value;
        }

        foreach (var (name, value) in filter.Add.IsDefault ? [] : filter.Add)
        {
            headers.Append(name, value);
        }

        foreach (var name in filter.Remove.IsDefault ? [] : filter.Remove)
        {
            headers.Remove(name);
        }
    }

    /// <summary>
    /// The new path of a redirect or rewrite: the full replacement, or the rule's matched prefix replaced (element by
    /// element: <c>/prefix/one</c> → <c>/one</c> turns <c>/prefix/one/two</c> into <c>/one/two</c>; replaced by
    /// <c>/</c>, <c>/strip/three</c> becomes <c>/three</c>). A prefix replacement on a rule without a prefix match
    /// replaces nothing but the path's start <c>/</c>.
    /// </summary>
    public static string NewPath(IngressPathModifier modifier, string path, PathMatchModel? match)
    {
        if (modifier.FullPath)
        {
            return modifier.Value.Length == 0 ? "/" : modifier.Value;
        }

        var prefix = match is { Kind: PathMatchKind.Prefix } ? match.Value : "/";
        prefix = prefix.Length > 1 ? prefix.TrimEnd('/') : prefix;
        var rest = prefix == "/" ? path : (path.Length >= prefix.Length ? path[prefix.Length..] : string.Empty);
        if (prefix == "/" && rest.StartsWith('/'))
        {
            rest = rest.Length == 1 ? string.Empty : rest;
        }

        var replacement = modifier.Value.TrimEnd('/');
        if (rest.Length > 0 && !rest.StartsWith('/'))
        {
            rest = "/" + rest;
        }

        var result = replacement + rest;
        return result.Length == 0 ? "/" : result;
    }

    /// <summary>
    /// The <c>Location</c> of a redirect: the filter's scheme, host, port and path, the request's where unset. Without a
    /// port the scheme's well-known port when the scheme was changed, else the listener's port; the port is left out
    /// when it is the scheme's default (http 80, https 443), as the Gateway API asks. The query string is kept.
    /// </summary>
    public static string Location(RedirectFilter filter, HttpRequest request, string host, int listenerPort, bool tls, PathMatchModel? match)
    {
        var scheme = (filter.Scheme ?? (tls ? "https" : "http")).ToLowerInvariant();
        var hostname = filter.Hostname ?? host;
        var port = filter.Port ?? (filter.Scheme is not null ? WellKnownPort(scheme) ?? listenerPort : listenerPort);
        var path = request.Path.HasValue ? request.Path.Value! : "/";
        if (filter.Path is { } modifier)
        {
            path = NewPath(modifier, path, match);
        }

        var defaultPort = WellKnownPort(scheme) == port;
        var authority = defaultPort ? hostname : hostname + ":" + port.ToString(CultureInfo.InvariantCulture);
        return scheme + "://" + authority + path + request.QueryString.Value;
    }

    private static int? WellKnownPort(string scheme) => scheme switch
    {
        "http" => 80,
        "https" => 443,
        _ => null,
    };
}
