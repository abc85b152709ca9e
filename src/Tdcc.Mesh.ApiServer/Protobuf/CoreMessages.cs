using System.Collections.Frozen;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>
/// Field numbers (from k8s.io/api and k8s.io/apimachinery generated.proto) of the kinds clients send as protobuf:
/// what kubectl's generator commands create (<c>kubectl create namespace|configmap|secret generic|serviceaccount</c>),
/// and the DeleteOptions body client-go's typed clients send with a delete (helm's release Secrets).
/// </summary>
internal static class CoreMessages
{
    public static readonly ProtoMessage Time = new("Time",
    [
        Field(1, "seconds", ProtoFieldType.Int64),
        Field(2, "nanos", ProtoFieldType.Int32),
    ]);

    public static readonly ProtoMessage OwnerReference = new("OwnerReference",
    [
        Field(1, "kind", ProtoFieldType.String),
        Field(3, "name", ProtoFieldType.String),
        Field(4, "uid", ProtoFieldType.String),
        Field(5, "apiVersion", ProtoFieldType.String),
        Field(6, "controller", ProtoFieldType.Bool),
        Field(7, "blockOwnerDeletion", ProtoFieldType.Bool),
    ]);

    public static readonly ProtoMessage ObjectMeta = new("ObjectMeta",
    [
        Field(1, "name", ProtoFieldType.String),
        Field(2, "generateName", ProtoFieldType.String),
        Field(3, "namespace", ProtoFieldType.String),
        Field(5, "uid", ProtoFieldType.String),
        Field(6, "resourceVersion", ProtoFieldType.String),
        Field(7, "generation", ProtoFieldType.Int64),
        Field(8, "creationTimestamp", ProtoFieldType.Time),
        Field(9, "deletionTimestamp", ProtoFieldType.Time),
        Field(10, "deletionGracePeriodSeconds", ProtoFieldType.Int64),
        Field(11, "labels", ProtoFieldType.StringMap),
        Field(12, "annotations", ProtoFieldType.StringMap),
        Field(13, "ownerReferences", ProtoFieldType.RepeatedMessage, OwnerReference),
        Field(14, "finalizers", ProtoFieldType.RepeatedString),
    ]);

    public static readonly ProtoMessage ObjectReference = new("ObjectReference",
    [
        Field(1, "kind", ProtoFieldType.String),
        Field(2, "namespace", ProtoFieldType.String),
        Field(3, "name", ProtoFieldType.String),
        Field(4, "uid", ProtoFieldType.String),
        Field(5, "apiVersion", ProtoFieldType.String),
        Field(6, "resourceVersion", ProtoFieldType.String),
        Field(7, "fieldPath", ProtoFieldType.String),
    ]);

    public static readonly ProtoMessage LocalObjectReference = new("LocalObjectReference",
    [
        Field(1, "name", ProtoFieldType.String),
    ]);

    public static readonly ProtoMessage NamespaceSpec = new("NamespaceSpec",
    [
        Field(1, "finalizers", ProtoFieldType.RepeatedString),
    ]);

    public static readonly ProtoMessage Namespace = new("Namespace",
    [
        Field(1, "metadata", ProtoFieldType.Message, ObjectMeta),
        Field(2, "spec", ProtoFieldType.Message, NamespaceSpec),
        Field(3, "status", ProtoFieldType.Skipped),
    ]);

    public static readonly ProtoMessage ConfigMap = new("ConfigMap",
    [
        Field(1, "metadata", ProtoFieldType.Message, ObjectMeta),
        Field(2, "data", ProtoFieldType.StringMap),
        Field(3, "binaryData", ProtoFieldType.BytesMap),
        Field(4, "immutable", ProtoFieldType.Bool),
    ]);

    public static readonly ProtoMessage Secret = new("Secret",
    [
        Field(1, "metadata", ProtoFieldType.Message, ObjectMeta),
        Field(2, "data", ProtoFieldType.BytesMap),
        Field(3, "type", ProtoFieldType.String),
        Field(4, "stringData", ProtoFieldType.StringMap),
        Field(5, "immutable", ProtoFieldType.Bool),
    ]);

    public static readonly ProtoMessage ServiceAccount = new("ServiceAccount",
    [
        Field(1, "metadata", ProtoFieldType.Message, ObjectMeta),
        Field(2, "secrets", ProtoFieldType.RepeatedMessage, ObjectReference),
        Field(3, "imagePullSecrets", ProtoFieldType.RepeatedMessage, LocalObjectReference),
        Field(4, "automountServiceAccountToken", ProtoFieldType.Bool),
    ]);

    public static readonly ProtoMessage Preconditions = new("Preconditions",
    [
        Field(1, "uid", ProtoFieldType.String),
        Field(2, "resourceVersion", ProtoFieldType.String),
    ]);

    public static readonly ProtoMessage DeleteOptions = new("DeleteOptions",
    [
        Field(1, "gracePeriodSeconds", ProtoFieldType.OptionalInt64),
        Field(2, "preconditions", ProtoFieldType.Message, Preconditions),
        Field(3, "orphanDependents", ProtoFieldType.Bool),
        Field(4, "propagationPolicy", ProtoFieldType.String),
        Field(5, "dryRun", ProtoFieldType.RepeatedString),
    ]);

    public static readonly ProtoMessage CertificateSigningRequestSpec = new("CertificateSigningRequestSpec",
    [
        Field(1, "request", ProtoFieldType.Bytes),
        Field(2, "username", ProtoFieldType.String),
        Field(3, "uid", ProtoFieldType.String),
        Field(4, "groups", ProtoFieldType.RepeatedString),
        Field(5, "usages", ProtoFieldType.RepeatedString),
        Field(6, "extra", ProtoFieldType.Skipped),
        Field(7, "signerName", ProtoFieldType.String),
        Field(8, "expirationSeconds", ProtoFieldType.Int32),
    ]);

    public static readonly ProtoMessage CertificateSigningRequestCondition = new("CertificateSigningRequestCondition",
    [
        Field(1, "type", ProtoFieldType.String),
        Field(2, "reason", ProtoFieldType.String),
        Field(3, "message", ProtoFieldType.String),
        Field(4, "lastUpdateTime", ProtoFieldType.Time),
        Field(5, "lastTransitionTime", ProtoFieldType.Time),
        Field(6, "status", ProtoFieldType.String),
    ]);

    public static readonly ProtoMessage CertificateSigningRequestStatus = new("CertificateSigningRequestStatus",
    [
        Field(1, "conditions", ProtoFieldType.RepeatedMessage, CertificateSigningRequestCondition),
        Field(2, "certificate", ProtoFieldType.Bytes),
    ]);

    /// <summary>What <c>kubectl certificate approve|deny</c> sends to the approval subresource.</summary>
    public static readonly ProtoMessage CertificateSigningRequest = new("CertificateSigningRequest",
    [
        Field(1, "metadata", ProtoFieldType.Message, ObjectMeta),
        Field(2, "spec", ProtoFieldType.Message, CertificateSigningRequestSpec),
        Field(3, "status", ProtoFieldType.Message, CertificateSigningRequestStatus),
    ]);

    /// <summary>The decodable kinds by apiVersion and kind.</summary>
    public static readonly FrozenDictionary<(string ApiVersion, string Kind), ProtoMessage> Kinds = new Dictionary<(string, string), ProtoMessage>
    {
        [("v1", "Namespace")] = Namespace,
        [("v1", "ConfigMap")] = ConfigMap,
        [("v1", "Secret")] = Secret,
        [("v1", "ServiceAccount")] = ServiceAccount,
        [("certificates.k8s.io/v1", "CertificateSigningRequest")] = CertificateSigningRequest,
    }.ToFrozenDictionary();

    /// <summary>
    /// The message of <paramref name="apiVersion"/>/<paramref name="kind"/>, or null. DeleteOptions is registered in every
    /// group version (client-go encodes it with the version of the client that deletes), so any apiVersion finds it.
    /// </summary>
    public static ProtoMessage? Find(string apiVersion, string kind) =>
        Kinds.TryGetValue((apiVersion, kind), out var message) ? message
        : kind == "DeleteOptions" ? DeleteOptions
        : null;

    private static KeyValuePair<int, ProtoField> Field(int number, string jsonName, ProtoFieldType type, ProtoMessage? message = null) =>
        KeyValuePair.Create(number, new ProtoField(jsonName, type, message));
}
