using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Registry;
using Tdcc.Mesh.ApiServer.Storage;

namespace Tdcc.Mesh.ApiServer.Objects;

/// <summary>
/// The object semantics of one API server on top of its store: create, read, update, patch, delete,
/// status and scale subresources, garbage collection, namespace and CRD lifecycles.
/// HTTP concerns live in <c>Http/</c>; this class throws <see cref="ApiException"/> for kube's errors.
/// </summary>
internal sealed partial class ObjectService
{
    private const string GenerateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly VersionedStore _store;
    private readonly ResourceRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _allocationGate = new();
    private readonly Lock _crdGate = new();
    private readonly ServiceIpAllocator _serviceIps;

    public ObjectService(VersionedStore store, ResourceRegistry registry, TimeProvider time, ILogger logger, string serviceClusterIpRange = "10.96.0.0/12")
    {
        _store = store;
        _serviceIps = new ServiceIpAllocator(serviceClusterIpRange);
        _registry = registry;
        _time = time;
        _logger = logger;
        RefreshCustomResources();
    }

    public VersionedStore Store => _store;

    public RegistrySnapshot Resources => _registry.Current;

    /// <summary>True when an object that carries a deletionTimestamp may leave the store (no finalizers left).</summary>
    public static bool ReadyToRemove(JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (ObjectMeta.Finalizers(obj).Count > 0)
        {
            return false;
        }

        // A pod deleted gracefully stays until its kubelet deletes it again with gracePeriodSeconds=0.
        if (string.Equals((string?)obj["kind"], "Pod", StringComparison.Ordinal)
            && obj["metadata"]?["deletionGracePeriodSeconds"] is JsonValue grace && grace.TryGetValue<long>(out var seconds) && seconds > 0)
        {
            return false;
        }

        return !(string.Equals((string?)obj["kind"], "Namespace", StringComparison.Ordinal) && obj["spec"]?["finalizers"] is JsonArray { Count: > 0 });
    }

    /// <summary>Creates the namespaces every cluster starts with.</summary>
    public void EnsureDefaultNamespaces()
    {
        var namespaces = _registry.Current.Find(string.Empty, "v1", "namespaces")!;
        foreach (var name in new[] { "default", "kube-system", "kube-public", "kube-node-lease" })
        {
            if (_store.Get(namespaces.QualifiedResource, string.Empty, name) is null)
            {
                Create(namespaces, string.Empty, new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }, WriteOptions.Default);
            }
        }
    }

    /// <summary>The object as a client of <paramref name="definition"/>'s version sees it.</summary>
    public static JsonObject Present(ResourceDefinition definition, StoredObject stored)
    {
        var obj = stored.ToJson();
        if (definition.IsCustom)
        {
            obj["apiVersion"] = definition.ApiVersion;
        }

        return obj;
    }

    public StoredObject Get(ResourceDefinition definition, string ns, string name) =>
        _store.Get(definition.QualifiedResource, ns, name) ?? throw ApiException.NotFound(definition, name);

    /// <summary>One page of matching objects.</summary>
    public ListPage List(ResourceDefinition definition, string? ns, ListOptions options)
    {
        FieldValues.Check(definition, options.Fields);
        string? after = null;
        long? pinned = null;
        if (!string.IsNullOrEmpty(options.Continue))
        {
            (pinned, after) = DecodeContinue(options.Continue);
        }

        var (items, resourceVersion) = _store.List(definition.QualifiedResource, ns, after);
        var matched = options.Labels.IsEverything && options.Fields.IsEverything ? items : items.Where(o => FieldValues.Matches(o, options)).ToList();
        if (options.Limit <= 0 || matched.Count <= options.Limit)
        {
            return new ListPage(matched, pinned ?? resourceVersion, null, null);
        }

        var page = matched.Take(options.Limit).ToList();
        var token = EncodeContinue(pinned ?? resourceVersion, page[^1].Key);
        return new ListPage(page, pinned ?? resourceVersion, token, matched.Count - page.Count);
    }

    /// <summary>Creates an object in <paramref name="ns"/> (empty for cluster-scoped resources).</summary>
    public StoredObject Create(ResourceDefinition definition, string ns, JsonObject body, WriteOptions options)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(body);
        DecodeOrThrow(definition, body);
        CheckTypeMeta(definition, body);
        var metadata = ObjectMeta.Of(body);
        if (definition.Namespaced)
        {
            var bodyNamespace = (string?)metadata["namespace"];
            if (!string.IsNullOrEmpty(bodyNamespace) && !string.Equals(bodyNamespace, ns, StringComparison.Ordinal))
            {
                throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
            }

            metadata["namespace"] = ns;
        }
        else
        {
            metadata.Remove("namespace");
        }

        var name = (string?)metadata["name"] ?? string.Empty;
        var generateName = (string?)metadata["generateName"] ?? string.Empty;
        if (name.Length == 0 && generateName.Length > 0)
        {
            name = generateName + RandomSuffix();
            metadata["name"] = name;
        }

        ValidateName(definition, name, generateName);
        if (definition.Namespaced)
        {
            CheckNamespaceAccepts(definition, ns, name);
        }

        if (definition.IsCustom)
        {
            CheckCrdAccepts(definition);
        }

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = ObjectMeta.Timestamp(_time.GetUtcNow());
        metadata.Remove("resourceVersion");
        metadata.Remove("deletionTimestamp");
        metadata.Remove("deletionGracePeriodSeconds");
        metadata.Remove("selfLink");
        if (definition.TracksGeneration)
        {
            metadata["generation"] = 1;
        }
        else
        {
            metadata.Remove("generation");
        }

        PrepareCreateStatus(definition, body);
        if (definition.QualifiedResource == CsrResource)
        {
            PrepareCsrCreate(body, options.User);
        }

        BuiltInDefaults.Apply(definition, body);
        if (IsCrd(definition))
        {
            PrepareCrd(body);
        }

        ApplyCustomSchema(definition, body, name, options);
        ValidateOrThrow(definition, name, body, null);
        body = RecordManager(definition, null, body, options, null);
        StoredObject stored;
        try
        {
            if (definition.QualifiedResource == "services")
            {
                lock (_allocationGate)
                {
                    var allocated = AllocateClusterIp(definition, name, body);
                    try
                    {
                        stored = _store.Create(definition.QualifiedResource, body, options.DryRun);
                    }
                    catch (StoreException)
                    {
                        ReleaseClusterIp(allocated);
                        throw;
                    }

                    if (options.DryRun)
                    {
                        ReleaseClusterIp(allocated);
                    }
                }
            }
            else
            {
                stored = _store.Create(definition.QualifiedResource, body, options.DryRun);
            }
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.AlreadyExists)
        {
            throw ApiException.AlreadyExists(definition, name);
        }

        if (!options.DryRun)
        {
            LogCreated(_logger, definition.QualifiedResource, ns, name, stored.ResourceVersion);
            AfterCreated(definition, stored);
        }

        return stored;
    }

    /// <summary>Replaces an object (PUT), or only its status when <paramref name="subresource"/> is <c>status</c>.</summary>
    public StoreWriteResult Update(ResourceDefinition definition, string ns, string name, JsonObject body, string? subresource, WriteOptions options) =>
        Mutate(definition, ns, name, _ => body, subresource, options, isPut: true);

    /// <summary>Applies <paramref name="produce"/> to the current object and stores the outcome with update semantics.</summary>
    public StoreWriteResult Mutate(ResourceDefinition definition, string ns, string name, Func<JsonObject, JsonObject> produce, string? subresource, WriteOptions options, bool isPut)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(produce);
        StoreWriteResult result;
        try
        {
            result = _store.Update(
                definition.QualifiedResource,
                ns,
                name,
                stored =>
                {
                    var current = stored.ToJson();
                    var desired = produce(current.DeepClone().AsObject());
                    return PrepareUpdate(definition, name, current, desired, subresource, options, isPut);
                },
                options.DryRun);
        }
        catch (StoreException e) when (e.Kind == StoreErrorKind.NotFound)
        {
            throw ApiException.NotFound(definition, name);
        }

        if (!options.DryRun && result.Changed)
        {
            LogUpdated(_logger, definition.QualifiedResource, ns, name, result.Object.ResourceVersion);
            if (result.Removed)
            {
                AfterRemoved(result.Object);
            }
            else if (IsCrd(definition))
            {
                RefreshCustomResources();
            }
        }

        return result;
    }

    private static bool IsCrd(ResourceDefinition definition) => definition.QualifiedResource == CrdResource;

    private static void CheckTypeMeta(ResourceDefinition definition, JsonObject body)
    {
        var kind = (string?)body["kind"];
        if (!string.IsNullOrEmpty(kind) && !string.Equals(kind, definition.Kind, StringComparison.Ordinal))
        {
            throw ApiException.BadRequest($"the kind in the data ({kind}) does not match the expected kind ({definition.Kind})");
        }

        var apiVersion = (string?)body["apiVersion"];
        if (!string.IsNullOrEmpty(apiVersion) && !string.Equals(apiVersion, definition.ApiVersion, StringComparison.Ordinal))
        {
            throw ApiException.BadRequest($"the API version in the data ({apiVersion}) does not match the expected API version ({definition.ApiVersion})");
        }

        body.Remove("apiVersion");
        body.Remove("kind");
        body.Insert(0, "apiVersion", definition.ApiVersion);
        body.Insert(1, "kind", definition.Kind);
    }

    private static void ValidateName(ResourceDefinition definition, string name, string generateName)
    {
        if (name.Length == 0)
        {
            throw ApiException.Invalid(definition, name, [new StatusCause("FieldValueRequired", "Required value: name or generateName is required", "metadata.name")]);
        }

        var errors = definition.Group == Auth.RbacNames.Group ? Auth.RbacNames.Validate(name) : NameValidation.Validate(name, definition.NameIsLabel);
        if (errors.Count > 0)
        {
            var field = generateName.Length > 0 && name.StartsWith(generateName, StringComparison.Ordinal) ? "metadata.generateName" : "metadata.name";
            var shown = field == "metadata.generateName" ? generateName : name;
            throw ApiException.Invalid(definition, name, errors.Select(e => new StatusCause("FieldValueInvalid", $"Invalid value: \"{shown}\": {e}", field)).ToList());
        }
    }

    private static void PrepareCreateStatus(ResourceDefinition definition, JsonObject body)
    {
        switch (definition.QualifiedResource)
        {
            case "namespaces":
                body["spec"] = new JsonObject { ["finalizers"] = new JsonArray("kubernetes") };
                body["status"] = new JsonObject { ["phase"] = "Active" };
                return;
            case "pods":
                body["status"] = new JsonObject { ["phase"] = "Pending", ["qosClass"] = "BestEffort" };
                return;
            default:
                if (definition.HasStatus)
                {
                    body.Remove("status");
                    if (!definition.IsCustom)
                    {
                        body["status"] = new JsonObject();
                    }
                }

                return;
        }
    }

    private static string RandomSuffix()
    {
        var builder = new StringBuilder(5);
        for (var i = 0; i < 5; i++)
        {
            builder.Append(GenerateNameAlphabet[RandomNumberGenerator.GetInt32(GenerateNameAlphabet.Length)]);
        }

        return builder.ToString();
    }

    private static string EncodeContinue(long resourceVersion, string key)
    {
        var json = new JsonObject { ["v"] = "meta.k8s.io/v1", ["rv"] = resourceVersion, ["start"] = key }.ToJsonString();
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static (long ResourceVersion, string Key) DecodeContinue(string token)
    {
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            base64 += new string('=', (4 - (base64.Length % 4)) % 4);
            var obj = JsonNode.Parse(Convert.FromBase64String(base64))!.AsObject();
            return ((long)obj["rv"]!, (string)obj["start"]!);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            throw ApiException.BadRequest($"continue key is not valid: {e.Message}");
        }
    }

    private void CheckNamespaceAccepts(ResourceDefinition definition, string ns, string name)
    {
        var nsObject = _store.Get("namespaces", string.Empty, ns);
        if (nsObject is null)
        {
            throw new ApiException(404, "NotFound", $"namespaces \"{ns}\" not found", ns, null, "namespaces");
        }

        if (ObjectMeta.IsDeleting(nsObject.ToJson()))
        {
            throw new ApiException(403, "Forbidden", $"{definition.QualifiedResource} \"{name}\" is forbidden: unable to create new content in namespace {ns} because it is being terminated", name, definition.Group, definition.Resource,
                [new StatusCause("NamespaceTerminating", $"namespace {ns} is being terminated", "metadata.namespace")]);
        }
    }

    private JsonObject PrepareUpdate(ResourceDefinition definition, string name, JsonObject current, JsonObject desired, string? subresource, WriteOptions options, bool isPut)
    {
        if (isPut || options.IsApply)
        {
            DecodeOrThrow(definition, desired);
        }
        else
        {
            DecodePatchedOrThrow(definition, name, desired);
        }

        CheckTypeMeta(definition, desired);
        var desiredMeta = ObjectMeta.Of(desired);
        var currentMeta = ObjectMeta.Of(current);
        var desiredName = (string?)desiredMeta["name"];
        if (!string.IsNullOrEmpty(desiredName) && !string.Equals(desiredName, name, StringComparison.Ordinal))
        {
            throw ApiException.BadRequest($"the name of the object ({desiredName}) does not match the name on the URL ({name})");
        }

        var desiredNamespace = (string?)desiredMeta["namespace"];
        if (definition.Namespaced && !string.IsNullOrEmpty(desiredNamespace) && !string.Equals(desiredNamespace, (string?)currentMeta["namespace"], StringComparison.Ordinal))
        {
            throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
        }

        var desiredVersion = (string?)desiredMeta["resourceVersion"];
        if (!string.IsNullOrEmpty(desiredVersion) && !string.Equals(desiredVersion, (string?)currentMeta["resourceVersion"], StringComparison.Ordinal))
        {
            throw ApiException.Modified(definition, name);
        }

        if (string.IsNullOrEmpty(desiredVersion) && isPut && definition.IsCustom)
        {
            throw ApiException.Invalid(definition, name, [new StatusCause("FieldValueInvalid", "Invalid value: 0x0: must be specified for an update", "metadata.resourceVersion")]);
        }

        JsonObject result;
        if (definition.QualifiedResource == CsrResource && subresource is "status" or "approval")
        {
            result = PrepareCsrStatus(current, desired, subresource == "approval");
        }
        else if (subresource == "status")
        {
            result = current.DeepClone().AsObject();
            SetOrRemove(result, "status", desired["status"]?.DeepClone());
        }
        else
        {
            result = desired;
            if (definition.HasStatus)
            {
                SetOrRemove(result, "status", current["status"]?.DeepClone());
            }

            if (definition.QualifiedResource == CsrResource)
            {
                // The spec of a CertificateSigningRequest never changes after its creation.
                SetOrRemove(result, "spec", current["spec"]?.DeepClone());
            }

            var resultMeta = ObjectMeta.Of(result);
            foreach (var field in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation" })
            {
                SetOrRemove(resultMeta, field, currentMeta[field]?.DeepClone());
            }

            if (resultMeta["managedFields"] is null && currentMeta["managedFields"] is JsonNode managed)
            {
                resultMeta["managedFields"] = managed.DeepClone();
            }

            if (definition.QualifiedResource == "namespaces")
            {
                JsonPathLite.Write(result, ".spec.finalizers", current["spec"]?["finalizers"]?.DeepClone());
            }

            if (ObjectMeta.IsDeleting(current))
            {
                var added = ObjectMeta.Finalizers(result).Except(ObjectMeta.Finalizers(current), StringComparer.Ordinal).ToList();
                if (added.Count > 0)
                {
                    throw ApiException.Invalid(definition, name, [new StatusCause("FieldValueForbidden", $"Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(a => "\"" + a + "\""))}}}", "metadata.finalizers")]);
                }
            }

            BuiltInDefaults.Apply(definition, result);
            if (definition.QualifiedResource == "services")
            {
                KeepClusterIp(definition, name, current, result);
            }

            if (IsCrd(definition))
            {
                PrepareCrd(result);
                SetOrRemove(result, "status", current["status"]?.DeepClone());
            }
        }

        ApplyCustomSchema(definition, result, name, options);
        if (subresource != "status" || definition.QualifiedResource == CsrResource)
        {
            ValidateOrThrow(definition, name, result, current);
        }

        if (definition.TracksGeneration && !SameSpec(definition, current, result))
        {
            var generation = currentMeta["generation"] is JsonValue g && g.TryGetValue<long>(out var value) ? value : 0;
            ObjectMeta.Of(result)["generation"] = generation + 1;
        }

        return RecordManager(definition, current, result, options, subresource);
    }

    private static bool SameSpec(ResourceDefinition definition, JsonObject a, JsonObject b)
    {
        static IEnumerable<KeyValuePair<string, JsonNode?>> Spec(JsonObject o, bool hasStatus) =>
            o.Where(p => p.Key is not ("metadata" or "apiVersion" or "kind") && !(hasStatus && p.Key == "status")).OrderBy(p => p.Key, StringComparer.Ordinal);

        var left = Spec(a, definition.HasStatus).ToList();
        var right = Spec(b, definition.HasStatus).ToList();
        return left.Count == right.Count && left.Zip(right).All(p => p.First.Key == p.Second.Key && JsonNode.DeepEquals(p.First.Value, p.Second.Value));
    }

    private static void SetOrRemove(JsonObject target, string field, JsonNode? value)
    {
        if (value is null)
        {
            target.Remove(field);
        }
        else
        {
            target[field] = value;
        }
    }

    /// <summary>
    /// Gives a new service its ClusterIP (unless ExternalName or headless): the requested one when free and in range,
    /// otherwise the next free one. Returns the reserved address, or null when none was reserved.
    /// </summary>
    private string? AllocateClusterIp(ResourceDefinition definition, string name, JsonObject service)
    {
        var spec = service["spec"] as JsonObject;
        if (spec is null || (string?)spec["type"] == "ExternalName")
        {
            return null;
        }

        var requested = (string?)spec["clusterIP"] ?? (string?)(spec["clusterIPs"] as JsonArray)?.FirstOrDefault();
        if (requested == "None")
        {
            spec["clusterIP"] = "None";
            spec["clusterIPs"] = new JsonArray("None");
            spec["ipFamilies"] ??= new JsonArray("IPv4");
            spec["ipFamilyPolicy"] ??= "SingleStack";
            return null;
        }

        EnsureServiceIpsLoaded();
        if (string.IsNullOrEmpty(requested))
        {
            requested = _serviceIps.NextFree()
                ?? throw new ApiException(500, "InternalError", $"Internal error occurred: failed to allocate a serviceIP: range is full ({_serviceIps.Cidr})");
        }
        else if (!_serviceIps.InRange(requested))
        {
            throw ApiException.Invalid(definition, name, [new StatusCause("FieldValueInvalid", $"Invalid value: []string{{\"{requested}\"}}: failed to allocate IP {requested}: the provided IP ({requested}) is not in the valid range. The range of valid IPs is {_serviceIps.Cidr}", "spec.clusterIPs")]);
        }
        else if (_serviceIps.IsAllocated(requested))
        {
            throw ApiException.Invalid(definition, name, [new StatusCause("FieldValueInvalid", $"Invalid value: []string{{\"{requested}\"}}: failed to allocate IP {requested}: provided IP is already allocated", "spec.clusterIPs")]);
        }

        _serviceIps.Reserve(requested);
        spec["clusterIP"] = requested;
        spec["clusterIPs"] = new JsonArray(requested);
        spec["ipFamilies"] ??= new JsonArray("IPv4");
        spec["ipFamilyPolicy"] ??= "SingleStack";
        return requested;
    }

    private void ReleaseClusterIp(string? ip)
    {
        if (ip is not null)
        {
            _serviceIps.Release(ip);
        }
    }

    /// <summary>Frees the ClusterIP of a service that left the store.</summary>
    private void ReleaseServiceIp(StoredObject removed)
    {
        if (removed.Resource != "services")
        {
            return;
        }

        lock (_allocationGate)
        {
            if (_serviceIps.Loaded && (string?)removed.ToJson()["spec"]?["clusterIP"] is { Length: > 0 } ip && ip != "None")
            {
                _serviceIps.Release(ip);
            }
        }
    }

    /// <summary>Builds the used set from the stored services the first time it is needed (so a restart recovers it).</summary>
    private void EnsureServiceIpsLoaded()
    {
        if (!_serviceIps.Loaded)
        {
            _serviceIps.Rebuild(_store.List("services", null).Items
                .Select(s => (string?)s.ToJson()["spec"]?["clusterIP"])
                .Where(ip => !string.IsNullOrEmpty(ip) && ip != "None")
                .Select(ip => ip!));
        }
    }

    /// <summary>An update keeps the allocated ClusterIP (filled in when omitted, 422 when changed).</summary>
    private static void KeepClusterIp(ResourceDefinition definition, string name, JsonObject current, JsonObject result)
    {
        var currentIp = (string?)current["spec"]?["clusterIP"];
        if (string.IsNullOrEmpty(currentIp) || result["spec"] is not JsonObject spec)
        {
            return;
        }

        var desiredIp = (string?)spec["clusterIP"];
        if (string.IsNullOrEmpty(desiredIp))
        {
            spec["clusterIP"] = currentIp;
            spec["clusterIPs"] = current["spec"]?["clusterIPs"]?.DeepClone() ?? new JsonArray(currentIp);
            spec["ipFamilies"] ??= current["spec"]?["ipFamilies"]?.DeepClone();
            spec["ipFamilyPolicy"] ??= current["spec"]?["ipFamilyPolicy"]?.DeepClone();
            return;
        }

        if (!string.Equals(desiredIp, currentIp, StringComparison.Ordinal))
        {
            throw ApiException.Invalid(definition, name, [new StatusCause("FieldValueInvalid", $"Invalid value: \"{desiredIp}\": field is immutable", "spec.clusterIP")]);
        }

        spec["clusterIPs"] ??= current["spec"]?["clusterIPs"]?.DeepClone();
    }

    private void AfterCreated(ResourceDefinition definition, StoredObject stored)
    {
        if (IsCrd(definition))
        {
            RefreshCustomResources();
        }
        else if (definition.QualifiedResource == "namespaces")
        {
            var serviceAccounts = _registry.Current.Find(string.Empty, "v1", "serviceaccounts")!;
            if (_store.Get(serviceAccounts.QualifiedResource, stored.Name, "default") is null)
            {
                try
                {
                    Create(serviceAccounts, stored.Name, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "default" } }, WriteOptions.Default);
                }
                catch (ApiException e) when (e.Code == 409)
                {
                    // Someone created it first; nothing to do.
                }
            }
        }
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Debug, Message = "Created {Resource} {Namespace}/{Name} at resourceVersion {ResourceVersion}")]
    private static partial void LogCreated(ILogger logger, string resource, string @namespace, string name, long resourceVersion);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Updated {Resource} {Namespace}/{Name} at resourceVersion {ResourceVersion}")]
    private static partial void LogUpdated(ILogger logger, string resource, string @namespace, string name, long resourceVersion);
}
