namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>Content negotiation the way kube-apiserver does it: the first acceptable entry of Accept wins.</summary>
internal static class MediaTypes
{
    public const string Json = "application/json";

    /// <summary>The chosen representation, or null when nothing in Accept can be served (406).</summary>
    public static Negotiated? Negotiate(string? accept)
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
}

/// <summary>What representation a response uses, and the version of it the client asked for.</summary>
internal sealed record Negotiated(Representation Representation, string? Version);

/// <summary>The response representations the server produces.</summary>
internal enum Representation
{
    Plain,
    Table,
    AggregatedDiscovery,
}
