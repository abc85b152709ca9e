using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Kube.Client;

/// <summary>
/// All verbs on one resource type. Typed kinds and <see cref="GenericObject"/> share this implementation;
/// only the serialization metadata differs.
/// </summary>
internal sealed class ResourceClient<T> : IResourceClient<T>, ISubresourceWriter<T>
    where T : class, IKubeObject
{
    private const string JsonContentType = "application/json";

    private readonly KubeTransport transport;
    private readonly JsonTypeInfo<T> typeInfo;
    private readonly JsonTypeInfo<KubeList<T>> listTypeInfo;
    private readonly ILogger logger;

    public ResourceClient(KubeTransport transport, ResourceType resource, JsonTypeInfo<T> typeInfo, JsonTypeInfo<KubeList<T>> listTypeInfo, ILogger logger)
    {
        this.transport = transport;
        Resource = resource;
        this.typeInfo = typeInfo;
        this.listTypeInfo = listTypeInfo;
        this.logger = logger;
    }

    public ResourceType Resource { get; }

    public async Task<T?> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        var path = Timed(ObjectPath(@namespace, name));
        try
        {
            return await SendForObjectAsync(new KubeRequest(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        }
        catch (KubeApiException ex) when (ex.Reason == KubeErrorReason.NotFound)
        {
            return null;
        }
    }

    public async Task<KubeList<T>> ListAsync(ListOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new ListOptions();
        var path = new QueryBuilder(Resource.CollectionPath(options.Namespace))
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("limit", options.Limit)
            .Add("continue", options.Continue)
            .Add("resourceVersion", options.ResourceVersion)
            .Add("resourceVersionMatch", options.ResourceVersionMatch)
            .AddDuration("timeout", options.Timeout ?? transport.Options.RequestTimeout)
            .ToString();
        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(body, listTypeInfo) ?? throw new JsonException("the server answered a list call with null");
        }
        catch (Exception ex) when (UndecodableObject.IsDecodeFailure(ex))
        {
            // Some item does not fit the type: decode the list item by item and report the ones that do not.
            return ListDecoder.DecodeItemByItem(body, typeInfo);
        }
    }

    public Task<T> CreateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var path = Write(Resource.CollectionPath(NamespaceOf(obj.Metadata.Namespace)), options);
        return SendRequiredAsync(new KubeRequest(HttpMethod.Post, path) { Body = Serialize(obj), ContentType = JsonContentType }, cancellationToken);
    }

    public Task<T> UpdateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutAsync(obj, null, options, cancellationToken);

    public Task<T> UpdateStatusAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutAsync(obj, "status", options, cancellationToken);

    public Task<T> UpdateSubresourceAsync(T obj, string subresource, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(subresource);
        return PutAsync(obj, subresource, options, cancellationToken);
    }

    public Task<T> PatchAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        SendPatchAsync(@namespace, name, null, patch, options, cancellationToken);

    public Task<T> PatchStatusAsync(string? @namespace, string name, Patch patch, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        SendPatchAsync(@namespace, name, "status", patch, options, cancellationToken);

    public Task<T> ApplyAsync(T obj, ApplyOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(options);
        var name = RequireName(obj);
        var path = new QueryBuilder(ObjectPath(obj.Metadata.Namespace, name))
            .Add("fieldManager", options.FieldManager)
            .Add("force", options.Force)
            .Add("dryRun", options.DryRun ? "All" : null)
            .AddDuration("timeout", transport.Options.RequestTimeout)
            .ToString();

        // JSON is YAML, so the object is sent as it serializes.
        var request = new KubeRequest(HttpMethod.Patch, path) { Body = Serialize(obj), ContentType = "application/apply-patch+yaml" };
        return SendRequiredAsync(request, cancellationToken);
    }

    public async Task<T?> DeleteAsync(string? @namespace, string name, DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DeleteOptions();
        var path = new QueryBuilder(ObjectPath(@namespace, name))
            .Add("dryRun", options.DryRun ? "All" : null)
            .AddDuration("timeout", transport.Options.RequestTimeout)
            .ToString();
        var request = new KubeRequest(HttpMethod.Delete, path) { Body = DeleteOptionsWriter.Write(options), ContentType = JsonContentType };
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (body.Length == 0)
        {
            return null;
        }

        using var document = JsonDocument.Parse(body);
        if (document.RootElement.TryGetProperty("kind", out var kind) && kind.ValueEquals("Status"))
        {
            // A Status Success: the object is gone.
            return null;
        }

        var obj = document.RootElement.Deserialize(typeInfo);

        // 202 Accepted: deletion started but the object stays (finalizers, graceful deletion). 200 with an object
        // that still has finalizers means the same; otherwise 200 carries the last state of a deleted object.
        var stillThere = response.StatusCode == HttpStatusCode.Accepted
            || (obj?.Metadata.DeletionTimestamp is not null && obj.Metadata.Finalizers is { IsEmpty: false });
        return stillThere ? obj : null;
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchOptions options, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var path = new QueryBuilder(Resource.CollectionPath(options.Namespace))
            .Add("watch", "1")
            .Add("allowWatchBookmarks", options.AllowWatchBookmarks)
            .Add("resourceVersion", options.ResourceVersion)
            .Add("labelSelector", options.LabelSelector)
            .Add("fieldSelector", options.FieldSelector)
            .Add("timeoutSeconds", options.Timeout is { } timeout ? (long)Math.Ceiling(timeout.TotalSeconds) : null)
            .ToString();
        KubeClientLog.WatchStarted(logger, Resource, options.ResourceVersion);
        using var response = await transport.SendAsync(new KubeRequest(HttpMethod.Get, path) { Streaming = true }, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var events = WatchStreamReader.ReadAsync(stream, typeInfo, WatchStreamReader.DefaultMaxEventBytes, cancellationToken);
            await foreach (var ev in events.ConfigureAwait(false))
            {
                yield return ev;
            }
        }
    }

    private Task<T> PutAsync(T obj, string? subresource, WriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var path = Write(ObjectPath(obj.Metadata.Namespace, RequireName(obj), subresource), options);
        return SendRequiredAsync(new KubeRequest(HttpMethod.Put, path) { Body = Serialize(obj), ContentType = JsonContentType }, cancellationToken);
    }

    private Task<T> SendPatchAsync(string? @namespace, string name, string? subresource, Patch patch, WriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var path = Write(ObjectPath(@namespace, name, subresource), options);
        var request = new KubeRequest(HttpMethod.Patch, path)
        {
            Body = System.Text.Encoding.UTF8.GetBytes(patch.Body),
            ContentType = patch.ContentType,
        };
        return SendRequiredAsync(request, cancellationToken);
    }

    private async Task<T> SendRequiredAsync(KubeRequest request, CancellationToken cancellationToken) =>
        await SendForObjectAsync(request, cancellationToken).ConfigureAwait(false)
        ?? throw new JsonException($"the server answered {request.Method} {request.PathAndQuery} with null");

    private async Task<T?> SendForObjectAsync(KubeRequest request, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
        }
    }

    private string Write(string path, WriteOptions? options) =>
        new QueryBuilder(path)
            .Add("fieldManager", options?.FieldManager)
            .Add("dryRun", options?.DryRun == true ? "All" : null)
            .AddDuration("timeout", transport.Options.RequestTimeout)
            .ToString();

    private string Timed(string path) => new QueryBuilder(path).AddDuration("timeout", transport.Options.RequestTimeout).ToString();

    private string ObjectPath(string? @namespace, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return Resource.ObjectPath(NamespaceOf(@namespace), name, subresource);
    }

    /// <summary>A namespaced kind addressed without a namespace uses the connection's namespace, as kubectl does.</summary>
    private string? NamespaceOf(string? @namespace) =>
        Resource.Namespaced && string.IsNullOrEmpty(@namespace) ? transport.Options.Namespace : @namespace;

    private static string RequireName(T obj) =>
        string.IsNullOrEmpty(obj.Metadata.Name) ? throw new ArgumentException("the object has no metadata.name", nameof(obj)) : obj.Metadata.Name;

    private byte[] Serialize(T obj) => JsonSerializer.SerializeToUtf8Bytes(obj, typeInfo);
}
