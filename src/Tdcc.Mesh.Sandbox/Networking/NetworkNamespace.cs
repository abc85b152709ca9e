using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Tdcc.Mesh.Sandbox.Networking;

/// <summary>
/// A named Linux network namespace (<c>/var/run/netns/NAME</c>) entered by one dedicated thread of this process:
/// <c>setns(2)</c> moves only the calling thread, so the thread stays inside and creates the sockets asked of it, and
/// every other thread of the process stays in the host's network. Sockets keep their namespace when used elsewhere.
/// </summary>
internal sealed partial class NetworkNamespace : IClusterNetwork, IDisposable
{
    private const int CloneNewNet = 0x40000000;
    private readonly BlockingCollection<Action> _work = new(boundedCapacity: 1024);
    private readonly Thread _thread;
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public NetworkNamespace(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        NamespaceName = name;
        _thread = new Thread(Serve) { IsBackground = true, Name = "netns " + name };
        _thread.Start();
        _entered.Task.GetAwaiter().GetResult();
    }

    public string NamespaceName { get; }

    /// <summary>Where <c>ip netns add</c> puts a namespace's handle.</summary>
    public static string PathOf(string name) => Path.Combine("/var/run/netns", name);

    public Socket CreateSocket(AddressFamily family, SocketType type, ProtocolType protocol) =>
        Run(() => new Socket(family, type, protocol));

    public T Run<T>(Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (Environment.CurrentManagedThreadId == _thread.ManagedThreadId)
        {
            return action();
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(action());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task.GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _work.CompleteAdding();
        _thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
    }

    private void Serve()
    {
        try
        {
            using var handle = File.OpenHandle(PathOf(NamespaceName), FileMode.Open, FileAccess.Read);
            if (SetNamespace((int)handle.DangerousGetHandle(), CloneNewNet) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"setns into network namespace {NamespaceName} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
            }
        }
        catch (Exception e)
        {
            _entered.SetException(e);
            return;
        }

        _entered.SetResult();
        foreach (var work in _work.GetConsumingEnumerable())
        {
            work();
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int nstype);
}
