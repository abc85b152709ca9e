namespace Tdcc.Mesh.IntegrationTests.Client;

/// <summary>Waits for a condition that a server or a background loop makes true, with a generous timeout.</summary>
public static class Eventually
{
    /// <summary>The default wait: long enough for a loaded machine, never reached when things work.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    public static Task TrueAsync(Func<bool> condition, string because, TimeSpan? timeout = null) =>
        TrueAsync(() => Task.FromResult(condition()), because, timeout);

    public static async Task TrueAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = Environment.TickCount64 + (long)(timeout ?? DefaultTimeout).TotalMilliseconds;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("condition not met: " + because);
            }

            await Task.Delay(20);
        }
    }
}
