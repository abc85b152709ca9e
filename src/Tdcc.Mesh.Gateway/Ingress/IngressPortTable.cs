using System.Collections.Immutable;
using System.Security.Cryptography.X509Certificates;
using Tdcc.Mesh.MeshModel.Ingress;

namespace Tdcc.Mesh.Gateway.Ingress;

/// <summary>
/// What one ingress port serves, compiled from the configuration once per change: its listeners grouped by hostname
/// (listeners of several Gateways with the same hostname serve their rules in order), the TLS certificates of its HTTPS
/// listeners, and the rules' backends with their endpoints parsed. Immutable; a request keeps the table it started with.
/// </summary>
internal sealed class IngressPortTable
{
    private readonly ImmutableArray<IngressHost> _hosts;

    public IngressPortTable(int port, ImmutableArray<IngressListener> listeners)
    {
        Port = port;
        Protocol = listeners.Any(l => l.Protocol == IngressProtocol.Https) ? IngressProtocol.Https : IngressProtocol.Http;
        _hosts =
        [
            .. listeners
                .GroupBy(l => l.Hostname?.ToLowerInvariant())
                .Select(g => new IngressHost(
                    g.Key,
                    string.Join(",", g.Select(l => l.Gateway + "/" + l.Name)),
                    [.. g.SelectMany(l => l.Rules.IsDefault ? [] : l.Rules)],
                    [.. g.SelectMany(l => l.Certificates.IsDefault ? [] : l.Certificates).Select(IngressCertificate.TryLoad).OfType<X509Certificate2>()])),
        ];
        Signature = string.Join(";", listeners.Select(l => l.Protocol + ":" + l.Hostname));
    }

    public int Port { get; }

    public IngressProtocol Protocol { get; }

    /// <summary>Changes when the port's listener structure changes (not its rules).</summary>
    public string Signature { get; }

    /// <summary>The listener (hostname group) whose hostname fits <paramref name="host"/> most specifically; null when none does.</summary>
    public IngressHost? Select(string host)
    {
        IngressHost? best = null;
        var bestScore = -1;
        foreach (var candidate in _hosts)
        {
            var score = IngressHostnames.Specificity(candidate.Hostname, host);
            if (score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }

        return best;
    }

    /// <summary>The certificate for a TLS handshake with <paramref name="sni"/>: of the most specific listener that has one, the first whose names fit.</summary>
    public X509Certificate2? Certificate(string? sni)
    {
        var host = IngressHostnames.Normalize(sni);
        X509Certificate2? best = null;
        var bestScore = -1;
        foreach (var candidate in _hosts)
        {
            if (candidate.Certificates.IsDefaultOrEmpty)
            {
                continue;
            }

            var score = host.Length == 0 ? (candidate.Hostname is null ? 0 : -1) : IngressHostnames.Specificity(candidate.Hostname, host);
            if (score > bestScore)
            {
                bestScore = score;
                best = candidate.Certificates.FirstOrDefault(c => host.Length > 0 && c.MatchesHostname(host)) ?? candidate.Certificates[0];
            }
        }

        return best ?? _hosts.Where(h => !h.Certificates.IsDefaultOrEmpty).Select(h => h.Certificates[0]).FirstOrDefault();
    }
}

/// <summary>The listeners of one port with one hostname, and their rules in precedence order.</summary>
/// <param name="Hostname">The listener hostname (lower case), null for every host.</param>
/// <param name="Name">The listeners, <c>namespace/gateway/listener</c>, for logs.</param>
/// <param name="Rules">Their rules, first match wins.</param>
/// <param name="Certificates">Their TLS certificates.</param>
internal sealed record IngressHost(string? Hostname, string Name, ImmutableArray<IngressRouteRule> Rules, ImmutableArray<X509Certificate2> Certificates);
