namespace Tdcc.Mesh.Kube.Config;

/// <summary>A <c>users[].user</c> entry. File paths are absolute, resolved against <see cref="Origin"/>'s folder.</summary>
public sealed record KubeconfigUser
{
    public string? Token { get; init; }
    public string? TokenFile { get; init; }
    public string? ClientCertificate { get; init; }
    public string? ClientCertificateData { get; init; }
    public string? ClientKey { get; init; }
    public string? ClientKeyData { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }

    /// <summary>True when the user authenticates through an exec plugin, which this client does not run.</summary>
    public bool HasExec { get; init; }

    /// <summary>True when the user authenticates through an auth-provider plugin, which this client does not run.</summary>
    public bool HasAuthProvider { get; init; }

    /// <summary>The file that defined the entry.</summary>
    public string? Origin { get; init; }
}
