using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Schema;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>CustomResourceDefinitions: validation, defaulting, status conditions, serving and cleanup.</summary>
internal sealed partial class ObjectService
{
    private const string CrdResource = "customresourcedefinitions.apiextensions.k8s.io";
    private const string CrdCleanupFinalizer = "customresourcecleanup.apiextensions.k8s.io";

    /// <summary>Rebuilds the served custom resources from the stored CRDs.</summary>
    public void RefreshCustomResources()
    {
        lock (_crdGate)
        {
            var crds = _store.List(CrdResource, null).Items;
            _registry.SetCustom(crds.SelectMany(c => CustomResourceDefinitions.FromCrd(c.ToJson())));
        }
    }

    private void PrepareCrd(JsonObject crd)
    {
        var definition = BuiltInResources.Definitions.First(d => d.QualifiedResource == CrdResource);
        var name = ObjectMeta.Name(crd);
        var causes = new List<StatusCause>();
        var spec = crd["spec"] as JsonObject;
        var names = spec?["names"] as JsonObject;
        var group = (string?)spec?["group"] ?? string.Empty;
        var plural = (string?)names?["plural"] ?? string.Empty;
        var kind = (string?)names?["kind"] ?? string.Empty;
        if (group.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.group"));
        }

        if (plural.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.names.plural"));
        }

        if (kind.Length == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value", "spec.names.kind"));
        }

        if (plural.Length > 0 && group.Length > 0 && !string.Equals(name, plural + "." + group, StringComparison.Ordinal))
        {
            causes.Add(new StatusCause("FieldValueInvalid", $"Invalid value: \"{name}\": must be spec.names.plural+\".\"+spec.group", "metadata.name"));
        }

        var scope = (string?)spec?["scope"];
        if (scope is not ("Namespaced" or "Cluster"))
        {
            causes.Add(new StatusCause("FieldValueNotSupported", $"Unsupported value: \"{scope}\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
        }

        var versions = spec?["versions"] as JsonArray ?? [];
        if (versions.Count == 0)
        {
            causes.Add(new StatusCause("FieldValueRequired", "Required value: must have exactly one version marked as storage version", "spec.versions"));
        }
        else if (versions.OfType<JsonObject>().Count(v => v["storage"] is JsonValue s && s.TryGetValue<bool>(out var b) && b) != 1)
        {
            causes.Add(new StatusCause("FieldValueInvalid", "Invalid value: must have exactly one version marked as storage version", "spec.versions"));
        }

        for (var i = 0; i < versions.Count; i++)
        {
            if (versions[i]?["schema"]?["openAPIV3Schema"] is JsonObject schema)
            {
                causes.AddRange(CrdSchemaValidator.Validate(schema, i).Select(e => new StatusCause(e.Reason, e.Message, e.Field)));
            }
        }

        if (causes.Count > 0)
        {
            throw ApiException.Invalid(definition, name, causes);
        }

        names!["singular"] ??= kind.ToLowerInvariant();
        names["listKind"] ??= kind + "List";
        spec!["conversion"] ??= new JsonObject { ["strategy"] = "None" };
        var finalizers = ObjectMeta.Finalizers(crd);
        if (!ObjectMeta.IsDeleting(crd) && !finalizers.Contains(CrdCleanupFinalizer))
        {
            finalizers.Add(CrdCleanupFinalizer);
            ObjectMeta.SetFinalizers(crd, finalizers);
        }

        var now = ObjectMeta.Timestamp(_time.GetUtcNow());
        crd["status"] = new JsonObject
        {
            ["conditions"] = new JsonArray(
                Condition("NamesAccepted", "NoConflicts", "no conflicts found", now),
                Condition("Established", "InitialNamesAccepted", "the initial names have been accepted", now)),
            ["acceptedNames"] = names.DeepClone(),
            ["storedVersions"] = new JsonArray(versions.OfType<JsonObject>().Where(v => v["storage"] is JsonValue s && s.TryGetValue<bool>(out var b) && b).Select(v => (JsonNode?)JsonValue.Create((string?)v["name"])).ToArray()),
        };
    }

    private static JsonObject Condition(string type, string reason, string message, string now) => new()
    {
        ["type"] = type,
        ["status"] = "True",
        ["lastTransitionTime"] = now,
        ["reason"] = reason,
        ["message"] = message,
    };

    private void CheckCrdAccepts(ResourceDefinition definition)
    {
        var crd = _store.Get(CrdResource, string.Empty, definition.Resource + "." + definition.Group);
        if (crd is not null && ObjectMeta.IsDeleting(crd.ToJson()))
        {
            throw ApiException.MethodNotAllowed("create not allowed while custom resource definition is terminating");
        }
    }

    /// <summary>Deletes every object of a terminating CRD's resource, then lets the CRD go.</summary>
    private void DeleteCustomObjects(StoredObject crd)
    {
        foreach (var item in _store.List(crd.Name, null).Items)
        {
            DeleteQuietly(item, PropagationPolicy.Background);
        }

        TryFinishCrd(crd.Name);
    }

    private void TryFinishCrd(string crdName)
    {
        var crd = _store.Get(CrdResource, string.Empty, crdName);
        if (crd is null || !ObjectMeta.IsDeleting(crd.ToJson()) || _store.List(crdName, null).Items.Count > 0)
        {
            return;
        }

        RemoveFinalizer(crd, CrdCleanupFinalizer);
    }
}
