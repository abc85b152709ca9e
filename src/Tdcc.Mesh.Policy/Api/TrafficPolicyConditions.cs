namespace Tdcc.Mesh.Policy.Api;

/// <summary>The condition a TrafficPolicy carries and its reasons.</summary>
public static class TrafficPolicyConditions
{
    /// <summary>Whether the policy is in force for its targets.</summary>
    public const string Accepted = "Accepted";

    /// <summary>Reasons a user sees on <see cref="Accepted"/>.</summary>
    public static class Reasons
    {
        /// <summary>In force for every target.</summary>
        public const string Accepted = "Accepted";

        /// <summary>No clusterset service of that name in the policy's namespace (yet).</summary>
        public const string TargetNotFound = "TargetNotFound";

        /// <summary>An older policy already targets the service; the message names it.</summary>
        public const string Conflicted = "Conflicted";

        /// <summary>A field cannot be used; the message names it.</summary>
        public const string Invalid = "Invalid";
    }
}
