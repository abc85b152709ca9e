namespace Tdcc.Mesh.Kube.Runtime.Tests.Fakes;

/// <summary>Polls a condition that a background loop makes true.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, int timeoutMs = 5000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException("condition not met: " + because);
            }

            await Task.Delay(5);
        }
    }
}
