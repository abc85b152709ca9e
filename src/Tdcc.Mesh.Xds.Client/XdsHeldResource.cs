using System.Collections.Immutable;
using Google.Protobuf;

namespace Tdcc.Mesh.Xds.Client;

/// <summary>One decoded resource the client holds, with the server's version and the names it refers to.</summary>
internal sealed record XdsHeldResource(
    string Name,
    string Version,
    IMessage Message,
    ImmutableArray<string> Routes,
    ImmutableArray<string> Endpoints,
    ImmutableArray<string> Secrets);
