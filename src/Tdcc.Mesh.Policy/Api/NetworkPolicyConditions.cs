namespace Tdcc.Mesh.Policy.Api;

/// <summary>The conditions a MultiClusterNetworkPolicy carries and their reasons.</summary>
public static class NetworkPolicyConditions
{
    /// <summary>Whether the policy's fields can be used.</summary>
    public const string Accepted = "Accepted";

    /// <summary>Whether a gateway enforces it; the message and <c>status.enforcedClusters</c> name the clusters.</summary>
    public const string Enforced = "Enforced";

    /// <summary>Whether every rule can be enforced as written; false names each rule that cannot and why.</summary>
    public const string RulesEnforced = "RulesEnforced";

    /// <summary>Reasons a user sees.</summary>
    public static class Reasons
    {
        /// <summary>Accepted: the fields are usable.</summary>
        public const string Accepted = "Accepted";

        /// <summary>Accepted false: a field cannot be used; the message names it.</summary>
        public const string Invalid = "Invalid";

        /// <summary>Enforced: by the gateways named in the message.</summary>
        public const string Enforced = "Enforced";

        /// <summary>Enforced false: no targeted service is exported by any cluster (yet).</summary>
        public const string NotExported = "NotExported";

        /// <summary>RulesEnforced: every rule as written.</summary>
        public const string AllRulesEnforced = "AllRulesEnforced";

        /// <summary>RulesEnforced false: the message names the rules that cannot be enforced.</summary>
        public const string UnenforceableRules = "UnenforceableRules";
    }
}
