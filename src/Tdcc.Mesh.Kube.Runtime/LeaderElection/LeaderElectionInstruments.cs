using System.Diagnostics.Metrics;

namespace Tdcc.Mesh.Kube.Runtime.LeaderElection;

/// <summary>The leader election's instruments, on the runtime's meter, tagged with the lease.</summary>
internal sealed class LeaderElectionInstruments
{
    public LeaderElectionInstruments(Meter meter)
    {
        ArgumentNullException.ThrowIfNull(meter);
        IsLeader = meter.CreateGauge<int>("tdcc.leader_election.is_leader", "{leader}", "1 while this candidate holds the lease, else 0.");
        Transitions = meter.CreateCounter<long>("tdcc.leader_election.transitions", "{transition}", "Times this candidate started or stopped leading, by direction.");
        RenewFailures = meter.CreateCounter<long>("tdcc.leader_election.renew_failures", "{attempt}", "Attempts to acquire or renew the lease that failed with an error.");
    }

    public Gauge<int> IsLeader { get; }

    public Counter<long> Transitions { get; }

    public Counter<long> RenewFailures { get; }
}
