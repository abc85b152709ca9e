using System.Collections.Frozen;
using Tdcc.Mesh.ApiServer.Protobuf.Messages;

namespace Tdcc.Mesh.ApiServer.Protobuf;

/// <summary>The kinds (and lists) the API server reads and writes as protobuf, by apiVersion and kind (tables in Messages/).</summary>
internal static class ProtoKinds
{
    private static readonly FrozenDictionary<(string ApiVersion, string Kind), ProtoMessage> Kinds =
        CoreV1Messages.Kinds
            .Concat(AppsV1Messages.Kinds)
            .Concat(BatchV1Messages.Kinds)
            .Concat(NetworkingV1Messages.Kinds)
            .Concat(PolicyV1Messages.Kinds)
            .Concat(RbacV1Messages.Kinds)
            .Concat(SchedulingV1Messages.Kinds)
            .Concat(CoordinationV1Messages.Kinds)
            .Concat(DiscoveryV1Messages.Kinds)
            .Concat(AuthenticationV1Messages.Kinds)
            .Concat(AuthorizationV1Messages.Kinds)
            .Concat(AutoscalingV1Messages.Kinds)
            .Concat(CertificatesV1Messages.Kinds)
            .Append((ApiVersion: "v1", Kind: "Status", Message: MetaV1Messages.Status))
            .Append((ApiVersion: "meta.k8s.io/v1", Kind: "PartialObjectMetadata", Message: MetaV1Messages.PartialObjectMetadata))
            .Append((ApiVersion: "meta.k8s.io/v1", Kind: "PartialObjectMetadataList", Message: MetaV1Messages.PartialObjectMetadataList))
            .ToFrozenDictionary(k => (k.ApiVersion, k.Kind), k => k.Message);

    /// <summary>Every decodable apiVersion/kind.</summary>
    public static IEnumerable<(string ApiVersion, string Kind)> All => Kinds.Keys;

    /// <summary>
    /// The message of <paramref name="apiVersion"/>/<paramref name="kind"/>, or null. DeleteOptions is registered in every
    /// group version (client-go encodes it with the version of the client that deletes), so any apiVersion finds it.
    /// </summary>
    public static ProtoMessage? Find(string apiVersion, string kind) =>
        Kinds.TryGetValue((apiVersion, kind), out var message) ? message
        : kind == "DeleteOptions" ? MetaV1Messages.DeleteOptions
        : null;
}
