using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tdcc.Mesh.MeshModel;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.GatewayApi.Ingress;

/// <summary>
/// The <see cref="IngressConfiguration.Version"/> of a configuration: a hash of everything in it (the records' own
/// equality does not look into their arrays), so equal content gives an equal version.
/// </summary>
internal static class IngressConfigurationVersion
{
    public static string Of(IngressConfiguration configuration)
    {
        var text = new StringBuilder();
        foreach (var listener in configuration.Listeners)
        {
            Append(text, "listener", listener.Gateway, listener.Name, listener.Port, listener.Protocol, listener.Hostname);
            foreach (var certificate in listener.Certificates)
            {
                Append(text, "certificate", certificate.CertificateChainPem, certificate.PrivateKeyPem);
            }

            foreach (var rule in listener.Rules)
            {
                Append(text, "rule", rule.Route, rule.RuleIndex, string.Join(",", rule.Hostnames), rule.RequestTimeout, rule.BackendRequestTimeout);
                Append(text, "match", Path(rule.Match.Path), rule.Match.Method, Matches(rule.Match.Headers), Matches(rule.Match.QueryParameters));
                if (rule.Retry is { } retry)
                {
                    Append(text, "retry", retry.Attempts, string.Join(",", retry.Codes), retry.Backoff);
                }

                Filters(text, rule.Filters);
                foreach (var backend in rule.Backends)
                {
                    Backend(text, backend);
                }
            }
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }

    private static void Backend(StringBuilder text, IngressBackend backend)
    {
        Append(text, "backend", backend.Kind, backend.Namespace, backend.Name, backend.Port, backend.Weight, string.Join(",", backend.Endpoints), backend.Reason);
        Filters(text, backend.Filters);
    }

    private static void Filters(StringBuilder text, IEnumerable<IngressFilter> filters)
    {
        foreach (var filter in filters)
        {
            switch (filter)
            {
                case HeaderModifierFilter h:
                    Append(text, "headers", h.Response, Pairs(h.Set), Pairs(h.Add), string.Join(",", h.Remove));
                    break;
                case RedirectFilter r:
                    Append(text, "redirect", r.Scheme, r.Hostname, r.Path, r.Port, r.StatusCode);
                    break;
                case RewriteFilter w:
                    Append(text, "rewrite", w.Hostname, w.Path);
                    break;
                case MirrorFilter m:
                    Append(text, "mirror", m.Percent);
                    Backend(text, m.Backend);
                    break;
                default:
                    Append(text, filter.GetType().Name, filter);
                    break;
            }
        }
    }

    private static string Path(PathMatchModel? path) => path is null ? string.Empty : $"{path.Kind}:{path.Value}";

    private static string Matches(IEnumerable<HeaderMatchModel> matches) => string.Join(",", matches.Select(m => $"{m.Kind}:{m.Name}={m.Value}"));

    private static string Pairs(IEnumerable<KeyValuePair<string, string>> pairs) => string.Join(",", pairs.Select(p => p.Key + "=" + p.Value));

    private static void Append(StringBuilder text, string tag, params object?[] values)
    {
        text.Append(tag);
        foreach (var value in values)
        {
            text.Append('\u001f').Append(Convert.ToString(value, CultureInfo.InvariantCulture));
        }

        text.Append('\u001e');
    }
}
