namespace Tdcc.Mesh.ApiServer.Logs;

/// <summary>One container instance's log, opened for one request.</summary>
public interface IPodLog
{
    /// <summary>
    /// Writes the lines the request selects (tail, timestamps) to <paramref name="output"/>, flushing as it goes; with
    /// <see cref="PodLogRequest.Follow"/> it keeps writing new lines until the container instance ends or the token is cancelled.
    /// </summary>
    Task CopyToAsync(Stream output, CancellationToken cancellationToken);
}
