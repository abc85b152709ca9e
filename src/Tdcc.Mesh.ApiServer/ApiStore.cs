using System.Text.Json.Nodes;
using Tdcc.Mesh.ApiMachinery.Selectors;
using Tdcc.Mesh.ApiServer.Errors;
using Tdcc.Mesh.ApiServer.Objects;
using Tdcc.Mesh.ApiServer.Registry;

namespace Tdcc.Mesh.ApiServer;

/// <summary><see cref="IApiStore"/> over an <see cref="ObjectService"/>.</summary>
internal sealed class ApiStore : IApiStore
{
    private readonly ObjectService _objects;

    public ApiStore(ObjectService objects)
    {
        _objects = objects;
    }

    public long ResourceVersion => _objects.Store.ResourceVersion;

    public JsonObject? GetObject(string apiVersion, string resource, string? namespaceName, string name)
    {
        var definition = Find(apiVersion, resource);
        var stored = _objects.Store.Get(definition.QualifiedResource, definition.Namespaced ? namespaceName ?? string.Empty : string.Empty, name);
        return stored is null ? null : ObjectService.Present(definition, stored);
    }

    public IReadOnlyList<JsonObject> ListObjects(string apiVersion, string resource, string? namespaceName = null, string? labelSelector = null)
    {
        var definition = Find(apiVersion, resource);
        return Wrap(() =>
        {
            var page = _objects.List(definition, definition.Namespaced ? namespaceName : null, new ListOptions(LabelSelector.Parse(labelSelector), FieldSelector.Everything));
            return page.Items.Select(i => ObjectService.Present(definition, i)).ToList();
        });
    }

    public JsonObject CreateObject(string apiVersion, string resource, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var definition = Find(apiVersion, resource);
        return Wrap(() => ObjectService.Present(definition, _objects.Create(definition, definition.Namespaced ? ObjectMeta.Namespace(obj) : string.Empty, obj.DeepClone().AsObject(), WriteOptions.Default)));
    }

    public JsonObject UpdateObject(string apiVersion, string resource, JsonObject obj, bool status = false)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var definition = Find(apiVersion, resource);
        return Wrap(() => ObjectService.Present(definition, _objects.Update(definition, definition.Namespaced ? ObjectMeta.Namespace(obj) : string.Empty, ObjectMeta.Name(obj), obj.DeepClone().AsObject(), status ? "status" : null, WriteOptions.Default).Object));
    }

    public JsonObject DeleteObject(string apiVersion, string resource, string? namespaceName, string name)
    {
        var definition = Find(apiVersion, resource);
        return Wrap(() => ObjectService.Present(definition, _objects.Delete(definition, definition.Namespaced ? namespaceName ?? string.Empty : string.Empty, name, DeletionOptions.Default).Object));
    }

    private static T Wrap<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (ApiException e)
        {
            throw new KubeApiException(e.Code, e.Reason, e.Message, e.ToStatus());
        }
        catch (SelectorParseException e)
        {
            throw new KubeApiException(400, "BadRequest", e.Message);
        }
    }

    private ResourceDefinition Find(string apiVersion, string resource)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
        return _objects.Resources.Find(group, version, resource)
            ?? throw new KubeApiException(404, "NotFound", $"the server could not find the requested resource ({apiVersion}, {resource})");
    }
}
