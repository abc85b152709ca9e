using System.Buffers;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Tdcc.Mesh.ApiServer.Bench.Etcd;

/// <summary>
/// etcd's HTTP/JSON gateway (<c>/v3/kv/txn</c>, <c>/v3/watch</c>): keys and values are base64, 64-bit numbers are
/// strings. Writes are transactions with the preconditions kube-apiserver uses: create only when the key does not
/// exist (create_revision = 0), update only when the key is at the expected mod_revision.
/// </summary>
internal sealed class EtcdGateway
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _txn;
    private readonly Uri _watch;

    public EtcdGateway(HttpClient http, Uri clientUrl)
    {
        _http = http;
        _txn = new Uri(clientUrl, "/v3/kv/txn");
        _watch = new Uri(clientUrl, "/v3/watch");
    }

    /// <summary>Creates <paramref name="key"/>; returns the revision of the write.</summary>
    public Task<long> CreateAsync(string key, byte[] value, CancellationToken cancellationToken) =>
        TxnAsync(key, value, "CREATE", "create_revision", 0, cancellationToken);

    /// <summary>Replaces <paramref name="key"/> if it is still at <paramref name="modRevision"/>; returns the revision of the write.</summary>
    public Task<long> UpdateAsync(string key, byte[] value, long modRevision, CancellationToken cancellationToken) =>
        TxnAsync(key, value, "MOD", "mod_revision", modRevision, cancellationToken);

    /// <summary>
    /// Watches every key under <paramref name="prefix"/> until the token is cancelled or etcd ends the stream.
    /// Calls <paramref name="created"/> once the watch is established and <paramref name="received"/> with the
    /// mod_revision of every event. Returns true when etcd ended or cancelled the watch.
    /// </summary>
    public async Task<bool> WatchAsync(string prefix, Action created, Action<long> received, CancellationToken cancellationToken)
    {
        var body = Write(writer =>
        {
            writer.WriteStartObject("create_request");
            writer.WriteBase64String("key", Encoding.UTF8.GetBytes(prefix));
            writer.WriteBase64String("range_end", PrefixEnd(prefix));
            writer.WriteEndObject();
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, _watch) { Content = Content(body) };
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var message = JsonDocument.Parse(line);
            if (!message.RootElement.TryGetProperty("result", out var result))
            {
                return true; // {"error": ...}: the gateway ended the stream.
            }

            if (result.TryGetProperty("created", out var isCreated) && isCreated.ValueKind == JsonValueKind.True)
            {
                created();
            }

            if (result.TryGetProperty("canceled", out var canceled) && canceled.ValueKind == JsonValueKind.True)
            {
                return true;
            }

            if (result.TryGetProperty("events", out var events))
            {
                foreach (var ev in events.EnumerateArray())
                {
                    received(Number(ev.GetProperty("kv").GetProperty("mod_revision")));
                }
            }
        }

        return true;
    }

    private async Task<long> TxnAsync(string key, byte[] value, string target, string field, long expected, CancellationToken cancellationToken)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var body = Write(writer =>
        {
            writer.WriteStartArray("compare");
            writer.WriteStartObject();
            writer.WriteString("result", "EQUAL");
            writer.WriteString("target", target);
            writer.WriteBase64String("key", keyBytes);
            writer.WriteString(field, expected.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartArray("success");
            writer.WriteStartObject();
            writer.WriteStartObject("request_put");
            writer.WriteBase64String("key", keyBytes);
            writer.WriteBase64String("value", value);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
        });
        using var response = await _http.PostAsync(_txn, Content(body), cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"etcd txn on {key}: {(int)response.StatusCode} {Encoding.UTF8.GetString(text)}");
        }

        using var result = JsonDocument.Parse(text);
        var succeeded = result.RootElement.TryGetProperty("succeeded", out var s) && s.ValueKind == JsonValueKind.True;
        if (!succeeded)
        {
            throw new InvalidOperationException($"etcd txn on {key} failed its precondition ({field} = {expected})");
        }

        return Number(result.RootElement.GetProperty("header").GetProperty("revision"));
    }

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static ReadOnlyMemoryContent Content(ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = Json;
        return content;
    }

    /// <summary>The range end that covers every key with the prefix (the prefix with its last byte incremented).</summary>
    private static byte[] PrefixEnd(string prefix)
    {
        var end = Encoding.UTF8.GetBytes(prefix);
        end[^1]++;
        return end;
    }

    private static long Number(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? long.Parse(element.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture)
        : element.GetInt64();
}
