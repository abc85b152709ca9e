using System.Collections.Immutable;

namespace Tdcc.Mesh.ApiServer.Auth;

/// <summary>An authenticated identity: user name and groups.</summary>
internal sealed record UserInfo(string Name, ImmutableArray<string> Groups)
{
    public const string Authenticated = "system:authenticated";
    public const string Masters = "system:masters";

    public static readonly UserInfo Anonymous = new("system:anonymous", ["system:unauthenticated"]);

    public bool IsInGroup(string group) => Groups.Contains(group, StringComparer.Ordinal);
}
