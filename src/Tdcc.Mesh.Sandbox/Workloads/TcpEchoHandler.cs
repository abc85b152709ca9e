using Microsoft.AspNetCore.Connections;

namespace Tdcc.Mesh.Sandbox.Workloads;

/// <summary>Plain TCP echo: sends back every byte until the client closes or the workload stops.</summary>
internal static class TcpEchoHandler
{
    public static async Task EchoAsync(ConnectionContext connection)
    {
        var input = connection.Transport.Input;
        var output = connection.Transport.Output;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync(connection.ConnectionClosed).ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    await output.WriteAsync(segment, connection.ConnectionClosed).ConfigureAwait(false);
                }

                input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection closed or the server is stopping.
        }
        catch (ConnectionResetException)
        {
            // The client went away mid-echo.
        }

        await input.CompleteAsync().ConfigureAwait(false);
        await output.CompleteAsync().ConfigureAwait(false);
    }
}
