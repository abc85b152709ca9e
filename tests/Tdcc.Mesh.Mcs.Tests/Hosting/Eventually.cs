namespace Tdcc.Mesh.Mcs.Tests.Hosting;

/// <summary>Polls until a condition holds, within a timeout.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, Func<T, bool> done, string because, int timeoutMs = 15000)
        where T : class
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        T? last = null;
        while (true)
        {
            last = await probe();
            if (last is not null && done(last))
            {
                return last;
            }

            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"condition not met within {timeoutMs} ms: {because}; last: {last}");
            }

            await Task.Delay(20);
        }
    }

    public static async Task TrueAsync(Func<Task<bool>> condition, string because, int timeoutMs = 15000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!await condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"condition not met within {timeoutMs} ms: {because}");
            }

            await Task.Delay(20);
        }
    }
}
