using System.Globalization;
using System.Text;
using Tdcc.Mesh.ApiServer.Logs;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// The log of one container instance: a file in the pod's directory, one line per output line as
/// <c>&lt;RFC 3339 time&gt; &lt;stdout|stderr&gt; &lt;text&gt;</c>. Bounded: past <see cref="MaxBytes"/> the file is rotated
/// once (<c>.1</c>, the older part is dropped), so an instance keeps at most twice that on disk.
/// </summary>
internal sealed class ContainerLog : IDisposable
{
    /// <summary>Output lines longer than this are split, as the kubelet does (16 KiB).</summary>
    public const int MaxLineChars = 16 * 1024;

    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(200);
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private FileStream? _writer;
    private long _written;
    private int _closed;

    public ContainerLog(string path, long maxBytes, TimeProvider time)
    {
        Path = path;
        MaxBytes = maxBytes;
        _time = time;
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _writer = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
    }

    public string Path { get; }

    public long MaxBytes { get; }

    /// <summary>Set once the instance ended and its output was drained: followers stop at the end of the file.</summary>
    public bool Closed => Volatile.Read(ref _closed) != 0;

    /// <summary>Appends one line (split at <see cref="MaxLineChars"/>).</summary>
    public void Append(string stream, string line)
    {
        var now = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
        for (var start = 0; start == 0 || start < line.Length; start += MaxLineChars)
        {
            var part = line.Length - start > MaxLineChars ? line.Substring(start, MaxLineChars) : line[start..];
            var bytes = Encoding.UTF8.GetBytes($"{now} {stream} {part}\n");
            lock (_gate)
            {
                if (_writer is null)
                {
                    return;
                }

                if (_written + bytes.Length > MaxBytes && _written > 0)
                {
                    Rotate();
                }

                _writer!.Write(bytes);
                _writer.Flush();
                _written += bytes.Length;
            }
        }
    }

    /// <summary>No more lines will come.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _writer?.Dispose();
            _writer = null;
        }

        Volatile.Write(ref _closed, 1);
    }

    public void Dispose() => Close();

    /// <summary>Closes and deletes the files.</summary>
    public void Delete()
    {
        Close();
        File.Delete(Path + ".1");
        File.Delete(Path);
    }

    public IPodLog For(PodLogRequest request) => new Reader(this, request);

    private void Rotate()
    {
        _writer!.Dispose();
        File.Move(Path, Path + ".1", overwrite: true);
        _writer = new FileStream(Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _written = 0;
    }

    /// <summary>One request's view: tail, timestamps, byte limit, follow.</summary>
    private sealed class Reader(ContainerLog log, PodLogRequest request) : IPodLog
    {
        private long _sent;

        public async Task CopyToAsync(Stream output, CancellationToken cancellationToken)
        {
            List<string> lines;
            long position;
            lock (log._gate)
            {
                lines = [.. ReadLines(log.Path + ".1", 0, out _), .. ReadLines(log.Path, 0, out position)];
            }

            var start = request.TailLines is { } tail ? Math.Max(0, lines.Count - (int)Math.Min(tail, int.MaxValue)) : 0;
            for (var i = start; i < lines.Count; i++)
            {
                if (!await WriteAsync(output, lines[i], cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            while (request.Follow && !cancellationToken.IsCancellationRequested)
            {
                var closed = log.Closed;
                List<string> more;
                lock (log._gate)
                {
                    var length = File.Exists(log.Path) ? new FileInfo(log.Path).Length : 0;
                    if (length < position)
                    {
                        position = 0;
                    }

                    more = ReadLines(log.Path, position, out position);
                }

                foreach (var line in more)
                {
                    if (!await WriteAsync(output, line, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (closed)
                {
                    return;
                }

                await Task.Delay(FollowPoll, log._time, cancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<bool> WriteAsync(Stream output, string line, CancellationToken cancellationToken)
        {
            // "<time> <stream> <text>": the text alone, or with its time as kubectl --timestamps shows it.
            var first = line.IndexOf(' ', StringComparison.Ordinal);
            var second = first < 0 ? -1 : line.IndexOf(' ', first + 1);
            var text = second < 0 ? line : line[(second + 1)..];
            var shown = request.Timestamps && first > 0 ? line[..first] + " " + text : text;
            var bytes = Encoding.UTF8.GetBytes(shown + "\n");
            if (request.LimitBytes is { } limit)
            {
                var room = limit - _sent;
                if (room <= 0)
                {
                    return false;
                }

                if (bytes.Length > room)
                {
                    await output.WriteAsync(bytes.AsMemory(0, (int)room), cancellationToken).ConfigureAwait(false);
                    _sent = limit;
                    return false;
                }
            }

            await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            _sent += bytes.Length;
            return true;
        }

        /// <summary>The complete lines of <paramref name="path"/> from byte <paramref name="from"/>; <paramref name="end"/> is where the last one ends.</summary>
        private static List<string> ReadLines(string path, long from, out long end)
        {
            end = from;
            if (!File.Exists(path))
            {
                return [];
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (stream.Length <= from)
            {
                end = Math.Min(from, stream.Length);
                return [];
            }

            stream.Position = from;
            var buffer = new byte[stream.Length - from];
            stream.ReadExactly(buffer);
            var last = Array.LastIndexOf(buffer, (byte)'\n');
            if (last < 0)
            {
                return [];
            }

            end = from + last + 1;
            return [.. Encoding.UTF8.GetString(buffer, 0, last).Split('\n')];
        }
    }
}
