namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>
/// The process containers of one pod. A container whose launch could not be prepared (a missing Secret, a command
/// that is not the image's) reports a waiting state until <see cref="PrepareAsync"/> succeeds for it.
/// </summary>
internal sealed class ProcessWorkload(string uid, string directory, ProcessRuntime runtime) : IAsyncDisposable
{
    private readonly Dictionary<string, ProcessContainer> _containers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ContainerState> _unprepared = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private int _disposed;

    public string Directory => directory;

    /// <summary>True while some container could not be prepared.</summary>
    public bool HasUnprepared
    {
        get
        {
            lock (_gate)
            {
                return _unprepared.Count > 0;
            }
        }
    }

    public ProcessContainer? Container(string name)
    {
        lock (_gate)
        {
            return _containers.GetValueOrDefault(name);
        }
    }

    /// <summary>The status of container <paramref name="name"/>: its process's, or why it waits.</summary>
    public ContainerSnapshot? Snapshot(string name)
    {
        lock (_gate)
        {
            if (_containers.TryGetValue(name, out var container))
            {
                return container.Snapshot;
            }

            return _unprepared.TryGetValue(name, out var waiting) ? new ContainerSnapshot(name, waiting, null, 0, false, false) : null;
        }
    }

    /// <summary>Prepares and starts every named container not running yet; the ones that fail wait with the reason given.</summary>
    public async Task PrepareAsync(IReadOnlyList<string> names, Func<string, CancellationToken, Task<PreparedContainer>> prepare, Func<ContainerLaunch, ProcessContainer> create, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            // Until prepared, a container waits; if preparing throws (the API server unreachable), it stays so and is tried again.
            foreach (var name in names.Where(n => !_containers.ContainsKey(n)))
            {
                _unprepared.TryAdd(name, ContainerState.Creating);
            }
        }

        foreach (var name in names)
        {
            lock (_gate)
            {
                if (_containers.ContainsKey(name) || Volatile.Read(ref _disposed) != 0)
                {
                    continue;
                }
            }

            var prepared = await prepare(name, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                if (Volatile.Read(ref _disposed) != 0)
                {
                    return;
                }

                if (prepared.Launch is null)
                {
                    _unprepared[name] = prepared.Waiting!;
                    continue;
                }

                _unprepared.Remove(name);
                var container = create(prepared.Launch);
                _containers[name] = container;
                container.Start();
            }
        }

        runtime.Register(uid, this);
    }

    /// <summary>Stops every process: SIGTERM, <paramref name="grace"/>, SIGKILL.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        List<ProcessContainer> containers;
        lock (_gate)
        {
            containers = [.. _containers.Values];
        }

        await Task.WhenAll(containers.Select(c => c.StopAsync(grace))).ConfigureAwait(false);
    }

    /// <summary>Stops the processes and deletes the pod's directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        runtime.Unregister(uid, this);
        List<ProcessContainer> containers;
        lock (_gate)
        {
            containers = [.. _containers.Values];
        }

        foreach (var container in containers)
        {
            await container.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Never made.
        }
    }
}

/// <summary>A container ready to start, or the waiting state that says why it cannot.</summary>
internal sealed record PreparedContainer(ContainerLaunch? Launch, ContainerState? Waiting)
{
    public static PreparedContainer Failed(string reason, string message) => new(null, new ContainerState(ContainerStateKind.Waiting, reason, message));
}
