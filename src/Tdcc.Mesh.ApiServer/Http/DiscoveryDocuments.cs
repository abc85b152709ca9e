using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.Http;

/// <summary>Discovery documents: legacy APIVersions/APIGroupList/APIGroup/APIResourceList and aggregated APIGroupDiscoveryList.</summary>
internal static class DiscoveryDocuments
{
    private static readonly JsonArray SubresourceVerbs = ["get", "patch", "update"];

    public static JsonObject ApiVersions(string serverAddress) => new()
    {
        ["kind"] = "APIVersions",
        ["versions"] = new JsonArray("v1"),
        ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = serverAddress }),
    };

    public static JsonObject ApiGroupList(RegistrySnapshot registry) => new()
    {
        ["kind"] = "APIGroupList",
        ["apiVersion"] = "v1",
        ["groups"] = new JsonArray(registry.Groups.Where(g => g.Name.Length > 0).Select(g => (JsonNode)Group(g)).ToArray()),
    };

    public static JsonObject? ApiGroup(RegistrySnapshot registry, string group) =>
        registry.Groups.FirstOrDefault(g => g.Name == group) is { } info ? Group(info) : null;

    public static JsonObject? ApiResourceList(RegistrySnapshot registry, string group, string version)
    {
        var definitions = registry.InGroupVersion(group, version).ToList();
        if (definitions.Count == 0)
        {
            return null;
        }

        var resources = new JsonArray();
        foreach (var definition in definitions.OrderBy(d => d.Resource, StringComparer.Ordinal))
        {
            var resource = new JsonObject
            {
                ["name"] = definition.Resource,
                ["singularName"] = definition.Singular,
                ["namespaced"] = definition.Namespaced,
                ["kind"] = definition.Kind,
                ["verbs"] = Strings(definition.Verbs),
            };
            if (!definition.ShortNames.IsEmpty)
            {
                resource["shortNames"] = Strings(definition.ShortNames);
            }

            if (!definition.Categories.IsEmpty)
            {
                resource["categories"] = Strings(definition.Categories);
            }

            resources.Add(resource);
            if (definition.Scale is not null)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = definition.Resource + "/scale",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = definition.Namespaced,
                    ["group"] = "autoscaling",
                    ["version"] = "v1",
                    ["kind"] = "Scale",
                    ["verbs"] = SubresourceVerbs.DeepClone(),
                });
            }

            if (definition.HasStatus)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = definition.Resource + "/status",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = definition.Namespaced,
                    ["kind"] = definition.Kind,
                    ["verbs"] = SubresourceVerbs.DeepClone(),
                });
            }

            if (definition.HasApproval)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = definition.Resource + "/approval",
                    ["singularName"] = string.Empty,
                    ["namespaced"] = definition.Namespaced,
                    ["kind"] = definition.Kind,
                    ["verbs"] = SubresourceVerbs.DeepClone(),
                });
            }

            if (definition.Group.Length == 0 && PostSubresources.All.FirstOrDefault(p => p.Resource == definition.Resource) is { } post)
            {
                resources.Add(new JsonObject
                {
                    ["name"] = definition.Resource + "/" + post.Subresource,
                    ["singularName"] = string.Empty,
                    ["namespaced"] = definition.Namespaced,
                    ["group"] = post.Group,
                    ["version"] = post.Version,
                    ["kind"] = post.Kind,
                    ["verbs"] = new JsonArray("create"),
                });
            }
        }

        return new JsonObject
        {
            ["kind"] = "APIResourceList",
            ["apiVersion"] = "v1",
            ["groupVersion"] = group.Length == 0 ? version : group + "/" + version,
            ["resources"] = resources,
        };
    }

    /// <summary>The aggregated discovery list for <c>/api</c> (core only) or <c>/apis</c> (all named groups).</summary>
    public static JsonObject Aggregated(RegistrySnapshot registry, bool core, string discoveryVersion)
    {
        var items = new JsonArray();
        foreach (var group in registry.Groups.Where(g => (g.Name.Length == 0) == core))
        {
            var versions = new JsonArray();
            foreach (var version in group.Versions)
            {
                var resources = new JsonArray();
                foreach (var definition in registry.InGroupVersion(group.Name, version).OrderBy(d => d.Resource, StringComparer.Ordinal))
                {
                    var resource = new JsonObject
                    {
                        ["resource"] = definition.Resource,
                        ["responseKind"] = Kind(definition.Group, definition.Version, definition.Kind),
                        ["scope"] = definition.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = definition.Singular,
                        ["verbs"] = Strings(definition.Verbs),
                    };
                    if (!definition.ShortNames.IsEmpty)
                    {
                        resource["shortNames"] = Strings(definition.ShortNames);
                    }

                    if (!definition.Categories.IsEmpty)
                    {
                        resource["categories"] = Strings(definition.Categories);
                    }

                    var subresources = new JsonArray();
                    if (definition.Scale is not null)
                    {
                        subresources.Add(new JsonObject { ["subresource"] = "scale", ["responseKind"] = Kind("autoscaling", "v1", "Scale"), ["verbs"] = SubresourceVerbs.DeepClone() });
                    }

                    if (definition.HasStatus)
                    {
                        subresources.Add(new JsonObject { ["subresource"] = "status", ["responseKind"] = Kind(definition.Group, definition.Version, definition.Kind), ["verbs"] = SubresourceVerbs.DeepClone() });
                    }

                    if (definition.HasApproval)
                    {
                        subresources.Add(new JsonObject { ["subresource"] = "approval", ["responseKind"] = Kind(definition.Group, definition.Version, definition.Kind), ["verbs"] = SubresourceVerbs.DeepClone() });
                    }

                    if (definition.Group.Length == 0 && PostSubresources.All.FirstOrDefault(p => p.Resource == definition.Resource) is { } post)
                    {
                        subresources.Add(new JsonObject { ["subresource"] = post.Subresource, ["responseKind"] = Kind(post.Group, post.Version, post.Kind), ["verbs"] = new JsonArray("create") });
                    }

                    if (subresources.Count > 0)
                    {
                        resource["subresources"] = subresources;
                    }

                    resources.Add(resource);
                }

                versions.Add(new JsonObject { ["version"] = version, ["resources"] = resources, ["freshness"] = "Current" });
            }

            var metadata = new JsonObject { ["creationTimestamp"] = null };
            if (group.Name.Length > 0)
            {
                metadata["name"] = group.Name;
            }

            items.Add(new JsonObject { ["metadata"] = metadata, ["versions"] = versions });
        }

        return new JsonObject
        {
            ["kind"] = "APIGroupDiscoveryList",
            ["apiVersion"] = "apidiscovery.k8s.io/" + discoveryVersion,
            ["metadata"] = new JsonObject(),
            ["items"] = items,
        };
    }

    private static JsonObject Group(ApiGroupInfo group)
    {
        JsonObject Version(string v) => new() { ["groupVersion"] = group.Name + "/" + v, ["version"] = v };
        return new JsonObject
        {
            ["kind"] = "APIGroup",
            ["apiVersion"] = "v1",
            ["name"] = group.Name,
            ["versions"] = new JsonArray(group.Versions.Select(v => (JsonNode)Version(v)).ToArray()),
            ["preferredVersion"] = Version(group.Versions[0]),
        };
    }

    private static JsonObject Kind(string group, string version, string kind) => new() { ["group"] = group, ["version"] = version, ["kind"] = kind };

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
