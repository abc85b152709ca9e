namespace Tdcc.Mesh.Gateway.Status;

/// <summary>Requests (and TCP connections) and errors per destination service since the gateway started.</summary>
public sealed record DestinationStatus(string Service, long Requests, long Errors);
