using System.Runtime.CompilerServices;

namespace Tdcc.Mesh.Testing;

/// <summary>
/// The one way tests wait for something a server, a controller or a background loop makes true: poll until it holds
/// or a deadline passes, then fail with what was awaited (by default the probe's source text) and the last value seen.
/// </summary>
public static class Eventually
{
    /// <summary>The default wait: long enough for a loaded CI machine, never reached when things work.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Waits until <paramref name="condition"/> is true.</summary>
    public static Task TrueAsync(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string because = "", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return TrueAsync(() => Task.FromResult(condition()), because, timeout);
    }

    /// <summary>Waits until <paramref name="condition"/> completes with true.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, [CallerArgumentExpression(nameof(condition))] string because = "", TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        await GetAsync(async () => await condition().ConfigureAwait(false) ? string.Empty : null, _ => true, because, timeout).ConfigureAwait(false);
    }

    /// <summary>Waits until <paramref name="probe"/> returns a value (not null) and returns it.</summary>
    public static Task<T> ValueAsync<T>(Func<Task<T?>> probe, [CallerArgumentExpression(nameof(probe))] string because = "", TimeSpan? timeout = null)
        where T : class =>
        GetAsync(probe, _ => true, because, timeout);

    /// <summary>Waits until <paramref name="probe"/> returns a value that satisfies <paramref name="done"/> and returns it.</summary>
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, [CallerArgumentExpression(nameof(done))] string because = "", TimeSpan? timeout = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(done);
        var wait = timeout ?? DefaultTimeout;
        var deadline = Environment.TickCount64 + (long)wait.TotalMilliseconds;
        while (true)
        {
            var last = await probe().ConfigureAwait(false);
            if (last is not null && done(last))
            {
                return last;
            }

            if (Environment.TickCount64 > deadline)
            {
                var seen = last is null or "" ? string.Empty : $"; last value: {last}";
                throw new TimeoutException($"not met within {wait.TotalSeconds:0.#} s: {because}{seen}");
            }

            await Task.Delay(PollInterval).ConfigureAwait(false);
        }
    }
}
