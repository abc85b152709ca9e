namespace Tdcc.Mesh.Xds.Status;

/// <summary>Where one stream stands for one type: what was sent, ACKed and NACKed.</summary>
/// <param name="TypeUrl">The xDS type URL.</param>
/// <param name="VersionSent">The version of the last response (null before the first).</param>
/// <param name="NonceSent">The nonce of the last response.</param>
/// <param name="VersionAcked">The last version the client accepted.</param>
/// <param name="VersionNacked">The version of the last rejected response, while no later response was ACKed.</param>
/// <param name="ErrorDetail">The client's error message for that rejection.</param>
/// <param name="ErrorCode">The google.rpc code of that rejection.</param>
/// <param name="ResourceNames">The names the stream subscribes to ("*" for wildcard).</param>
/// <param name="LastChange">When any of the above last changed.</param>
public sealed record XdsTypeStatus(
    string TypeUrl,
    string? VersionSent,
    string? NonceSent,
    string? VersionAcked,
    string? VersionNacked,
    string? ErrorDetail,
    int? ErrorCode,
    IReadOnlyList<string> ResourceNames,
    DateTimeOffset LastChange);
