using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Tdcc.Mesh.Bench.Reporting;
using Tdcc.Mesh.Distribution.Api;
using Tdcc.Mesh.Distribution.Bench.Measurement;
using Tdcc.Mesh.Kube.Client;
using Tdcc.Mesh.Kube.Model;

namespace Tdcc.Mesh.Distribution.Bench.EndToEnd;

/// <summary>
/// The delivery phase: on a <see cref="DeliveryClusterSet"/>, rounds of three changes on the hub, each timed from just
/// before the hub write is sent until the last member's watch shows the member's copy with the new content (see
/// docs/benchmarks.md, "Distribution"). Between changes the run waits until every Delivery reports the change applied
/// and the hub is quiet, so a change never queues behind the previous one.
/// </summary>
internal static class DeliveryRun
{
    public const string NewSubscription = "new subscription";
    public const string NewImage = "new image";
    public const string DividedScale = "divided scale";
    private const string Ns = DeliveryClusterSet.WorkloadNamespace;

    public static async Task<DeliveryReport> RunAsync(BenchOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(progress);
        var started = DateTimeOffset.UtcNow;
        var machine = MachineInfo.Current();
        var members = options.Members;
        var setupClock = Stopwatch.StartNew();
        await using var set = await DeliveryClusterSet.StartAsync(members, options.ChangeTimeout * 10, progress, cancellationToken);
        await using var observer = new MemberObserver(set.Members);
        await using var hubObserver = new HubObserver(set.Hub);
        var hub = set.Hub;

        // The feeds, and the two Subscriptions that stay: the image one replicated, the scale one divided (equal weights).
        await CreateDeploymentAsync(hub, "web-new", replicas: 1, "nginx:1.0", cancellationToken);
        await CreateDeploymentAsync(hub, "web-image", replicas: 1, Image(0), cancellationToken);
        await CreateDeploymentAsync(hub, "web-scale", replicas: 2 * members, "nginx:1.0", cancellationToken);
        var first = observer.Expect(c => ImageOf(c, "web-image") == Image(0) && ReplicasOf(c, "web-scale") == 2);
        await CreateSubscriptionAsync(hub, "image", "web-image", divide: false, cancellationToken);
        await CreateSubscriptionAsync(hub, "scale", "web-scale", divide: true, cancellationToken);
        await WaitAsync(first, options.ChangeTimeout * 10, "the first deliveries", cancellationToken);
        await SettleAsync(hub, ["image", "scale"], options, cancellationToken);
        var setup = setupClock.Elapsed;
        await progress.WriteLineAsync(F($"{members} members joined and delivering after {setup.TotalSeconds:0.0} s; {options.Rounds} rounds"));

        var samples = new Dictionary<string, (List<long> Every, List<long> One, List<long> Hub)>(StringComparer.Ordinal)
        {
            [NewSubscription] = ([], [], []),
            [NewImage] = ([], [], []),
            [DividedScale] = ([], [], []),
        };
        var firstWrites = new Dictionary<string, long>(StringComparer.Ordinal);
        void Record(string kind, long sent, MemberObserver.Expectation applied, HubObserver.Written written)
        {
            var (every, one, hubWritten) = samples[kind];
            var latencies = applied.Met.Select(t => Math.Max(0, t - sent)).ToList();
            every.Add(latencies.Max());
            one.AddRange(latencies);
            firstWrites[kind] = written.First == 0 ? 0 : Math.Max(0, written.First - sent);
            if (written.Last != 0)
            {
                hubWritten.Add(Math.Max(0, written.Last - sent));
            }
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            // A new Subscription of a Deployment replicated to every member, then deleted (and gone) again.
            var created = observer.Expect(c => c.ContainsKey("web-new"));
            var written = hubObserver.Expect("new", members);
            var sent = Stopwatch.GetTimestamp();
            await CreateSubscriptionAsync(hub, "new", "web-new", divide: false, cancellationToken);
            await WaitAsync(created, options.ChangeTimeout, NewSubscription, cancellationToken);
            Record(NewSubscription, sent, created, written);
            await SettleAsync(hub, ["new"], options, cancellationToken);
            var removed = observer.Expect(c => !c.ContainsKey("web-new"));
            await hub.Resource<Subscription>().DeleteAsync(Ns, "new", cancellationToken: cancellationToken);
            await WaitAsync(removed, options.ChangeTimeout, "the new subscription's removal", cancellationToken);
            await GoneAsync(hub, "new", options.ChangeTimeout, cancellationToken);
            await Task.Delay(options.Settle, cancellationToken);

            // A template change: a new image of the replicated Deployment.
            var image = Image(round);
            var imaged = observer.Expect(c => ImageOf(c, "web-image") == image);
            written = hubObserver.Expect("image", members);
            sent = Stopwatch.GetTimestamp();
            await PatchAsync(hub, "web-image", $$$"""{"spec": {"template": {"spec": {"containers": [{"name": "main", "image": "{{{image}}}"}] } } } }""", cancellationToken);
            await WaitAsync(imaged, options.ChangeTimeout, NewImage, cancellationToken);
            Record(NewImage, sent, imaged, written);
            await SettleAsync(hub, ["image"], options, cancellationToken);

            // A divided scale change: 2 or 3 replicas per member, alternately up and down.
            var share = round % 2 == 1 ? 3 : 2;
            var scaled = observer.Expect(c => ReplicasOf(c, "web-scale") == share);
            written = hubObserver.Expect("scale", members);
            sent = Stopwatch.GetTimestamp();
            await PatchAsync(hub, "web-scale", F($$$"""{"spec": {"replicas": {{{share * members}}} } }"""), cancellationToken);
            await WaitAsync(scaled, options.ChangeTimeout, DividedScale, cancellationToken);
            Record(DividedScale, sent, scaled, written);
            await SettleAsync(hub, ["scale"], options, cancellationToken);

            await progress.WriteLineAsync(F($"round {round}: ") + string.Join(", ", samples.Select(s => F($"{s.Key} {Ms(s.Value.Every[^1]):0} ms (hub first {Ms(firstWrites[s.Key]):0}, last {(s.Value.Hub.Count > 0 ? Ms(s.Value.Hub[^1]) : double.NaN):0})"))));
        }

        var changes = samples.Select(s => new ChangeResult(s.Key, LatencySummary.Of([.. s.Value.Every]), LatencySummary.Of([.. s.Value.One]), LatencySummary.Of([.. s.Value.Hub]))).ToList();
        return new DeliveryReport(started, machine, MachineInfo.LoadAverageNow(), options, setup, changes);
    }

    private static string Image(int round) => F($"registry.example/web:r{round}");

    private static string? ImageOf(IReadOnlyDictionary<string, Deployment> copies, string name) =>
        copies.TryGetValue(name, out var d) ? d.Spec?.Template?.Spec?.Containers.FirstOrDefault()?.Image : null;

    private static int? ReplicasOf(IReadOnlyDictionary<string, Deployment> copies, string name) =>
        copies.TryGetValue(name, out var d) ? d.Spec?.Replicas : null;

    private static async Task WaitAsync(MemberObserver.Expectation expectation, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        try
        {
            await expectation.All.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            var missing = expectation.Missing.ToList();
            throw new TimeoutException(F($"{what}: {missing.Count} members did not apply it within {timeout.TotalSeconds:0} s (first: {string.Join(", ", missing.Take(5).Select(DeliveryClusterSet.MemberName))})"));
        }
    }

    /// <summary>
    /// Waits until every Delivery of <paramref name="subscriptions"/> reports its current generation applied and each
    /// Subscription says so (the hub read the members' reports), then for <see cref="BenchOptions.Settle"/>.
    /// </summary>
    private static async Task SettleAsync(KubeClient hub, IReadOnlyList<string> subscriptions, BenchOptions options, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(options.ChangeTimeout.TotalSeconds * Stopwatch.Frequency);
        foreach (var name in subscriptions)
        {
            while (true)
            {
                var deliveries = await hub.Resource<Delivery>().ListAsync(new ListOptions { LabelSelector = $"{DistributionLabels.SubscriptionName}={name}" }, cancellationToken);
                var subscription = await hub.Resource<Subscription>().GetAsync(Ns, name, cancellationToken);
                if (deliveries.Items.Length == options.Members
                    && deliveries.Items.All(d => d.Status?.ObservedGeneration == d.Metadata.Generation && IsTrue(d.Status?.Conditions, DeliveryConditions.Applied))
                    && IsTrue(subscription?.Status?.Conditions, DeliveryConditions.Applied))
                {
                    break;
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"subscription {name}: the deliveries did not all report applied within {options.ChangeTimeout}");
                }

                await Task.Delay(50, cancellationToken);
            }
        }

        await Task.Delay(options.Settle, cancellationToken);
    }

    private static bool IsTrue(IEnumerable<Condition>? conditions, string type) =>
        conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    private static async Task GoneAsync(KubeClient hub, string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (await hub.Resource<Subscription>().GetAsync(Ns, name, cancellationToken) is not null)
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"subscription {name} was not removed within {timeout}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task CreateDeploymentAsync(KubeClient hub, string name, int replicas, string image, CancellationToken cancellationToken) =>
        await hub.Resource(Deployment.Resource).CreateAsync(
            GenericObject.Parse(F($$$"""
                {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"namespace": "{{{Ns}}}", "name": "{{{name}}}", "labels": {"app": "{{{name}}}"}},
                 "spec": {"replicas": {{{replicas}}}, "selector": {"matchLabels": {"app": "{{{name}}}"}},
                          "template": {"metadata": {"labels": {"app": "{{{name}}}"}}, "spec": {"containers": [{"name": "main", "image": "{{{image}}}"}] } } } }
                """)),
            cancellationToken: cancellationToken);

    private static async Task CreateSubscriptionAsync(KubeClient hub, string name, string feed, bool divide, CancellationToken cancellationToken)
    {
        var strategy = divide ? """, "schedulingStrategy": "Divide", "divisionType": "Static" """ : string.Empty;
        var json = $$$"""
            {"metadata": {"namespace": "{{{Ns}}}", "name": "{{{name}}}"},
             "spec": {"feeds": [{"apiVersion": "apps/v1", "kind": "Deployment", "namespace": "{{{Ns}}}", "name": "{{{feed}}}"}],
                      "subscribers": [{"labelSelector": {"matchLabels": {"{{{DeliveryClusterSet.MemberLabel}}}": "true"} } }]{{{strategy}}} } }
            """;
        await hub.Resource<Subscription>().CreateAsync(JsonSerializer.Deserialize(json, Subscription.JsonTypeInfo)!, cancellationToken: cancellationToken);
    }

    private static async Task PatchAsync(KubeClient hub, string name, string mergePatch, CancellationToken cancellationToken) =>
        await hub.Resource(Deployment.Resource).PatchAsync(Ns, name, new Patch(PatchType.Merge, mergePatch), cancellationToken: cancellationToken);

    private static double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
