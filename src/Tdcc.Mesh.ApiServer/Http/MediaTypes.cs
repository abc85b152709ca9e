namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>Content negotiation the way kube-apiserver does it: the first acceptable entry of Accept wins.</summary>
internal static class MediaTypes
{
    public const string Json = "application/json";

    public const string Protobuf = "application/vnd.kubernetes.protobuf";

    /// <summary>
    /// The chosen representation, or null when nothing in Accept can be served (406). <paramref name="protobuf"/> says
    /// whether the endpoint can answer protobuf (built-in kinds with tables; never custom resources, as kube).
    /// </summary>
    public static Negotiated? Negotiate(string? accept, bool protobuf = false)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return new Negotiated(Representation.Plain, null);
        }

        foreach (var entry in accept.Split(','))
        {
            var parts = entry.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0)
            {
                continue;
            }

            var type = parts[0].ToLowerInvariant();
            if (type == Protobuf)
            {
                if (ProtobufChoice(parts, protobuf) is { } chosen)
                {
                    return chosen;
                }

                continue;
            }

            if (type is not ("application/json" or "application/*" or "*/*" or "application/yaml" or "application/json;stream=watch"))
            {
                continue;
            }

            string? asKind = null, group = null, version = null;
            foreach (var parameter in parts.Skip(1))
            {
                var eq = parameter.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    continue;
                }

                var value = parameter[(eq + 1)..].Trim();
                switch (parameter[..eq].Trim())
                {
                    case "as":
                        asKind = value;
                        break;
                    case "g":
                        group = value;
                        break;
                    case "v":
                        version = value;
                        break;
                    default:
                        break;
                }
            }

            if (asKind is null)
            {
                return new Negotiated(Representation.Plain, null);
            }

            if (asKind == "Table" && group == "meta.k8s.io" && version is "v1" or "v1beta1")
            {
                return new Negotiated(Representation.Table, version);
            }

            if (asKind == "APIGroupDiscoveryList" && group == "apidiscovery.k8s.io" && version is "v2" or "v2beta1")
            {
                return new Negotiated(Representation.AggregatedDiscovery, version);
            }

            if (asKind == "PartialObjectMetadata" || asKind == "PartialObjectMetadataList")
            {
                return new Negotiated(Representation.Plain, version);
            }
        }

        return null;
    }

    /// <summary>
    /// An <c>application/vnd.kubernetes.protobuf</c> entry: the object itself where the endpoint has a protobuf form, and
    /// PartialObjectMetadata(List) on any endpoint, as kube; a Table only as JSON (kube's rule), so not here.
    /// </summary>
    private static Negotiated? ProtobufChoice(string[] parts, bool objectsAsProtobuf)
    {
        var parameters = parts.Skip(1)
            .Select(p => p.Split('=', 2, StringSplitOptions.TrimEntries))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parameters.TryGetValue("as", out var asKind))
        {
            return objectsAsProtobuf ? new Negotiated(Representation.Plain, null, Protobuf: true) : null;
        }

        return asKind is "PartialObjectMetadata" or "PartialObjectMetadataList"
            && parameters.GetValueOrDefault("g") == "meta.k8s.io" && parameters.GetValueOrDefault("v") == "v1"
            ? new Negotiated(Representation.PartialObjectMetadata, "v1", Protobuf: true)
            : null;
    }
}

/// <summary>What representation a response uses, the version of it the client asked for, and whether it is protobuf.</summary>
internal sealed record Negotiated(Representation Representation, string? Version, bool Protobuf = false);

/// <summary>The response representations the server produces.</summary>
internal enum Representation
{
    Plain,
    Table,
    AggregatedDiscovery,

    /// <summary>meta.k8s.io/v1 PartialObjectMetadata(List): the objects' metadata only (served as protobuf).</summary>
    PartialObjectMetadata,
}
