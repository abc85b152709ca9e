namespace Tdcc.Mesh.Distribution.Api;

/// <summary>Values of <see cref="ReleaseStatus.Status"/> (helm's words where they exist).</summary>
public static class ReleaseStates
{
    /// <summary>Every object of the revision was applied in the member.</summary>
    public const string Deployed = "deployed";

    /// <summary>The chart could not be rendered, or an object of the revision could not be applied.</summary>
    public const string Failed = "failed";

    /// <summary>The member has not applied this revision yet.</summary>
    public const string Pending = "pending";
}
