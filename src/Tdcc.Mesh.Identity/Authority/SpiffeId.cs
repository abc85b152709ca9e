using System.Diagnostics.CodeAnalysis;

namespace Tdcc.Mesh.Identity.Authority;

/// <summary>
/// A SPIFFE ID, <c>spiffe://&lt;trust domain&gt;/&lt;path&gt;</c>: the identity a mesh certificate carries as its URI SAN.
/// The trust domain is lower case letters, digits, <c>.</c>, <c>-</c> and <c>_</c>; the path is one or more segments of
/// letters, digits, <c>.</c>, <c>-</c> and <c>_</c> (never <c>.</c> or <c>..</c>), as the SPIFFE ID specification says.
/// </summary>
public sealed record SpiffeId
{
    /// <summary>The URI scheme.</summary>
    public const string Scheme = "spiffe";

    private const string Prefix = Scheme + "://";

    private SpiffeId(string trustDomain, string path)
    {
        TrustDomain = trustDomain;
        Path = path;
    }

    /// <summary>The trust domain, e.g. <c>clusterset.local</c>.</summary>
    public string TrustDomain { get; }

    /// <summary>The path, starting with <c>/</c>, e.g. <c>/cluster/east/gateway</c>.</summary>
    public string Path { get; }

    /// <summary>The ID of the east-west gateways of a member cluster: <c>spiffe://&lt;td&gt;/cluster/&lt;cluster&gt;/gateway</c>.</summary>
    public static SpiffeId ForGateway(string trustDomain, string cluster) => Create(trustDomain, "cluster", cluster, "gateway");

    /// <summary>The ID of a workload's ServiceAccount: <c>spiffe://&lt;td&gt;/ns/&lt;namespace&gt;/sa/&lt;service account&gt;</c>.</summary>
    [SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Justification = "namespace is the Kubernetes term.")]
    public static SpiffeId ForServiceAccount(string trustDomain, string @namespace, string serviceAccount) =>
        Create(trustDomain, "ns", @namespace, "sa", serviceAccount);

    /// <summary>An ID from a trust domain and path segments; throws <see cref="ArgumentException"/> when either is not valid.</summary>
    public static SpiffeId Create(string trustDomain, params string[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        ValidateTrustDomain(trustDomain);
        if (segments.Length == 0)
        {
            throw new ArgumentException("A workload SPIFFE ID needs at least one path segment.", nameof(segments));
        }

        foreach (var segment in segments)
        {
            if (!IsValidSegment(segment))
            {
                throw new ArgumentException($"'{segment}' is not a valid SPIFFE ID path segment (letters, digits, '.', '-', '_'; not '.' or '..').", nameof(segments));
            }
        }

        return new SpiffeId(trustDomain, "/" + string.Join('/', segments));
    }

    /// <summary>Parses <c>spiffe://td/path</c>; false for anything else (no query, fragment, port, user info or empty segment).</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out SpiffeId? id)
    {
        id = null;
        if (value is null || !value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = value.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        if (slash <= 0)
        {
            return false;
        }

        var trustDomain = rest[..slash].ToString();
        var segments = rest[(slash + 1)..].ToString().Split('/');
        if (!IsValidTrustDomain(trustDomain) || !segments.All(IsValidSegment))
        {
            return false;
        }

        id = new SpiffeId(trustDomain, "/" + string.Join('/', segments));
        return true;
    }

    /// <summary>Parses <c>spiffe://td/path</c>; throws <see cref="FormatException"/> for anything else.</summary>
    public static SpiffeId Parse(string value) =>
        TryParse(value, out var id) ? id : throw new FormatException($"'{value}' is not a valid SPIFFE ID.");

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="trustDomain"/> is a valid SPIFFE trust domain.</summary>
    public static void ValidateTrustDomain(string trustDomain)
    {
        if (!IsValidTrustDomain(trustDomain))
        {
            throw new ArgumentException($"'{trustDomain}' is not a valid SPIFFE trust domain (lower case letters, digits, '.', '-', '_').", nameof(trustDomain));
        }
    }

    /// <summary>The ID as a URI.</summary>
    public Uri ToUri() => new(ToString(), UriKind.Absolute);

    /// <inheritdoc />
    public override string ToString() => Prefix + TrustDomain + Path;

    private static bool IsValidTrustDomain(string? value) =>
        !string.IsNullOrEmpty(value) && value.Length <= 255 && value.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '-' or '_');

    private static bool IsValidSegment(string? value) =>
        !string.IsNullOrEmpty(value) && value is not ("." or "..")
        && value.All(c => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_');
}
