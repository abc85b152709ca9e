using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Tdcc.Mesh.Kube.Json;

namespace Tdcc.Mesh.Kube.Model;

/// <summary>
/// <c>certificates.k8s.io/v1.CertificateSigningRequest</c> (cluster-scoped): a PKCS#10 request for a signer, approved
/// or denied through the <c>approval</c> subresource and answered with a certificate through <c>status</c>.
/// </summary>
public sealed record CertificateSigningRequest : IKubeObject<CertificateSigningRequest>
{
    /// <summary>The condition type of an approved request.</summary>
    public const string Approved = "Approved";

    /// <summary>The condition type of a denied request.</summary>
    public const string Denied = "Denied";

    /// <summary>The condition type of a request the signer could not sign.</summary>
    public const string Failed = "Failed";

    /// <summary>Where CertificateSigningRequest objects are served.</summary>
    public static ResourceType Resource { get; } = new("certificates.k8s.io", "v1", "CertificateSigningRequest", "certificatesigningrequests", Namespaced: false);

    public static JsonTypeInfo<CertificateSigningRequest> JsonTypeInfo => KubeJsonContext.Default.CertificateSigningRequest;

    public static JsonTypeInfo<KubeList<CertificateSigningRequest>> ListJsonTypeInfo => KubeJsonContext.Default.KubeListCertificateSigningRequest;

    public string? ApiVersion { get; init; } = "certificates.k8s.io/v1";
    public string? Kind { get; init; } = "CertificateSigningRequest";
    public ObjectMeta Metadata { get => field ?? ObjectMeta.Empty; init; } = ObjectMeta.Empty;
    public CertificateSigningRequestSpec? Spec { get; init; }
    public CertificateSigningRequestStatus? Status { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>The condition of <paramref name="type"/> with status True, or null.</summary>
    public CertificateSigningRequestCondition? Condition(string type) =>
        Status?.Conditions?.FirstOrDefault(c => string.Equals(c.Type, type, StringComparison.Ordinal) && c.Status is null or "True");

    public CertificateSigningRequest WithMetadata(ObjectMeta metadata) => this with { Metadata = metadata };
}

/// <summary>
/// The request: <see cref="Request"/> is the PEM <c>CERTIFICATE REQUEST</c> (base64 on the wire, raw bytes here);
/// <see cref="Username"/>, <see cref="Uid"/> and <see cref="Groups"/> are set by the API server from the requester.
/// </summary>
public sealed record CertificateSigningRequestSpec
{
#pragma warning disable CA1819 // []byte on the wire (base64), as kube's Go type.
    public byte[]? Request { get; init; }
#pragma warning restore CA1819
    public string? SignerName { get; init; }
    public int? ExpirationSeconds { get; init; }
    public ImmutableArray<string>? Usages { get; init; }
    public string? Username { get; init; }
    public string? Uid { get; init; }
    public ImmutableArray<string>? Groups { get; init; }

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>Approved, Denied or Failed conditions and the issued certificate (PEM blocks, leaf first).</summary>
public sealed record CertificateSigningRequestStatus
{
    public ImmutableArray<CertificateSigningRequestCondition>? Conditions { get; init; }
#pragma warning disable CA1819 // []byte on the wire (base64), as kube's Go type.
    public byte[]? Certificate { get; init; }
#pragma warning restore CA1819

    /// <summary>Fields this model does not name, kept verbatim. It has a setter (not init) only because the JSON source generator cannot fill an init-only extension property; treat it as read-only.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>One condition of a CertificateSigningRequest.</summary>
public sealed record CertificateSigningRequestCondition
{
    public string? Type { get; init; }
    public string? Status { get; init; }
    public string? Reason { get; init; }
    public string? Message { get; init; }
    public DateTimeOffset? LastUpdateTime { get; init; }
    public DateTimeOffset? LastTransitionTime { get; init; }
}
