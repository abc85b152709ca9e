using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiServer.OpenApi.Types;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer.OpenApi;

/// <summary>
/// OpenAPI v3 as kubectl reads it: an index of group-version documents, and per group-version documents with
/// one schema per kind (tagged x-kubernetes-group-version-kind) and PATCH operations that advertise fieldValidation.
/// Built-in kinds get the typed schemas of <see cref="BuiltInSchemas"/> (the ones the server decodes with), with every
/// schema they reference; CRDs get their openAPIV3Schema.
/// </summary>
internal static class OpenApiDocuments
{
    private const string ObjectMetaName = BuiltInSchemas.ObjectMetaName;

    /// <summary>The <c>/openapi/v3</c> index.</summary>
    public static JsonObject Index(RegistrySnapshot registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var paths = new JsonObject();
        foreach (var group in registry.Groups)
        {
            foreach (var version in group.Versions)
            {
                var path = group.Name.Length == 0 ? $"api/{version}" : $"apis/{group.Name}/{version}";
                var document = GroupVersion(registry, group.Name, version)!;
                var hash = Convert.ToHexString(SHA512.HashData(JsonDefaults.ToUtf8(document)))[..32];
                paths[path] = new JsonObject { ["serverRelativeURL"] = $"/openapi/v3/{path}?hash={hash}" };
            }
        }

        return new JsonObject { ["paths"] = paths };
    }

    /// <summary>The document of one group version, or null when it is not served.</summary>
    public static JsonObject? GroupVersion(RegistrySnapshot registry, string group, string version)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var definitions = registry.InGroupVersion(group, version).ToList();
        if (definitions.Count == 0)
        {
            return null;
        }

        var schemas = new JsonObject();
        var builtIn = definitions.Where(d => !d.IsCustom && BuiltInSchemas.Components.ContainsKey(SchemaName(d))).Select(SchemaName);
        foreach (var name in BuiltInSchemas.Closure(builtIn.Append(ObjectMetaName)))
        {
            schemas[name] = BuiltInSchemas.Components[name].DeepClone();
        }

        var paths = new JsonObject();
        foreach (var definition in definitions)
        {
            var schemaName = SchemaName(definition);
            schemas[schemaName] = schemas[schemaName] is JsonObject published && !definition.IsCustom
                ? WithGroupVersionKind(published, definition)
                : KindSchema(definition);
            var gvk = new JsonObject { ["group"] = definition.Group, ["version"] = definition.Version, ["kind"] = definition.Kind };
            var path = definition.GroupVersionPath + (definition.Namespaced ? "/namespaces/{namespace}/" : "/") + definition.Resource + "/{name}";
            paths[path] = new JsonObject
            {
                ["get"] = Operation("get", gvk, schemaName),
                ["put"] = Operation("put", gvk, schemaName),
                ["patch"] = Operation("patch", gvk, schemaName),
                ["delete"] = Operation("delete", gvk, schemaName),
            };
        }

        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = "Kubernetes", ["version"] = "v1.32.0" },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas },
        };
    }

    /// <summary>kube's schema name: <c>io.k8s.api.apps.v1.Deployment</c>, or the reversed group for CRDs (<c>com.example.v1.Widget</c>).</summary>
    public static string SchemaName(ResourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.IsCustom)
        {
            return string.Join('.', definition.Group.Split('.').Reverse()) + "." + definition.Version + "." + definition.Kind;
        }

        return definition.Group switch
        {
            "" => $"io.k8s.api.core.{definition.Version}.{definition.Kind}",
            "apiextensions.k8s.io" => $"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.{definition.Version}.{definition.Kind}",
            _ => $"io.k8s.api.{definition.Group.Split('.')[0]}.{definition.Version}.{definition.Kind}",
        };
    }

    private static JsonObject Operation(string action, JsonObject gvk, string schemaName)
    {
        var operation = new JsonObject
        {
            ["operationId"] = action + gvk["kind"],
            ["parameters"] = new JsonArray(
                new JsonObject { ["name"] = "dryRun", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                new JsonObject { ["name"] = "fieldManager", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } },
                new JsonObject { ["name"] = "fieldValidation", ["in"] = "query", ["schema"] = new JsonObject { ["type"] = "string" } }),
            ["responses"] = new JsonObject
            {
                ["200"] = new JsonObject
                {
                    ["description"] = "OK",
                    ["content"] = new JsonObject
                    {
                        ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = "#/components/schemas/" + schemaName } },
                    },
                },
            },
            ["x-kubernetes-action"] = action,
            ["x-kubernetes-group-version-kind"] = gvk.DeepClone(),
        };
        return operation;
    }

    private static JsonObject KindSchema(ResourceDefinition definition)
    {
        JsonObject schema;
        if (definition.Schema is { } crdSchema)
        {
            schema = crdSchema.DeepClone().AsObject();
            schema["type"] ??= "object";
        }
        else
        {
            schema = new JsonObject
            {
                ["description"] = $"{definition.Kind} ({definition.ApiVersion}).",
                ["type"] = "object",
                ["properties"] = new JsonObject
                {
                    ["spec"] = new JsonObject { ["description"] = $"The desired state of the {definition.Kind}.", ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                    ["status"] = new JsonObject { ["description"] = $"The observed state of the {definition.Kind}.", ["type"] = "object", ["x-kubernetes-preserve-unknown-fields"] = true },
                },
                ["x-kubernetes-preserve-unknown-fields"] = true,
            };
        }

        if (schema["properties"] is not JsonObject properties)
        {
            properties = [];
            schema["properties"] = properties;
        }

        properties["apiVersion"] = new JsonObject
        {
            ["description"] = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources",
            ["type"] = "string",
        };
        properties["kind"] = new JsonObject
        {
            ["description"] = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds",
            ["type"] = "string",
        };
        properties["metadata"] = new JsonObject
        {
            ["allOf"] = new JsonArray(new JsonObject { ["$ref"] = "#/components/schemas/" + ObjectMetaName }),
            ["default"] = new JsonObject(),
            ["description"] = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
        };
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = definition.Group, ["kind"] = definition.Kind, ["version"] = definition.Version });
        return schema;
    }

    private static JsonObject WithGroupVersionKind(JsonObject schema, ResourceDefinition definition)
    {
        schema["x-kubernetes-group-version-kind"] = new JsonArray(new JsonObject { ["group"] = definition.Group, ["kind"] = definition.Kind, ["version"] = definition.Version });
        return schema;
    }
}
