using System.Security.Cryptography;

namespace Tdcc.Mesh.Sandbox.Clusters;

/// <summary>
/// The sandbox administrator's bearer token (user <c>kubernetes-admin</c>, group <c>system:masters</c> in every cluster):
/// made once per state directory and kept in <c>&lt;dir&gt;/admin-token</c> (mode 0600), so a saved kubeconfig keeps
/// working across restarts. <c>sandbox up --fresh</c> makes a new one.
/// </summary>
internal static class AdminToken
{
    public const string FileName = "admin-token";

    public static async Task<string> LoadOrCreateAsync(string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, FileName);
        if (File.Exists(path))
        {
            var stored = (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false)).Trim();
            if (stored.Length >= 32)
            {
                return stored;
            }
        }

        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, string.Empty, cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        await File.WriteAllTextAsync(temporary, token + "\n", cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
        return token;
    }
}
