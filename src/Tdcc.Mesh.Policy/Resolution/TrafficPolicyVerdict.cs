namespace Tdcc.Mesh.Policy.Resolution;

/// <summary>What the resolver concluded about one TrafficPolicy: its <c>Accepted</c> condition.</summary>
/// <param name="Namespace">The policy's namespace.</param>
/// <param name="Name">The policy's name.</param>
/// <param name="Generation">The generation the verdict is for.</param>
/// <param name="Accepted">Whether the policy is in force for at least one target.</param>
/// <param name="Reason">A <see cref="Api.TrafficPolicyConditions.Reasons"/> value.</param>
/// <param name="Message">What a kubectl user reads.</param>
public sealed record TrafficPolicyVerdict(string Namespace, string Name, long? Generation, bool Accepted, string Reason, string Message);
