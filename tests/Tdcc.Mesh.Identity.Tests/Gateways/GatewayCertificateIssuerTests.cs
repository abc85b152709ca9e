using Tdcc.Mesh.Identity.Authority;
using Tdcc.Mesh.Identity.Gateways;
using Tdcc.Mesh.Testing;

namespace Tdcc.Mesh.Identity.Tests.Gateways;

public sealed class GatewayCertificateIssuerTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new();
    private readonly MeshCertificateAuthority _ca;

    public GatewayCertificateIssuerTests()
    {
        _ca = MeshCertificateAuthority.Create(time: _time);
    }

    public void Dispose() => _ca.Dispose();

    [Fact]
    public void GetCertificate_NewCluster_IssuesItsGatewayIdentity()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, new GatewayCertificateOptions { DnsNames = cluster => [$"gateway.{cluster}.test"] }, _time);

        var certificate = issuer.GetCertificate("east");

        certificate.SpiffeId.ToString().Should().Be("spiffe://clusterset.local/cluster/east/gateway");
        certificate.DnsNames.Should().Equal("gateway.east.test");
        issuer.GetCertificate("east").Should().BeSameAs(certificate);
        issuer.GetCurrent().Certificates.Keys.Should().Equal("east");
        issuer.GetCurrent().NextRotation.Should().Be(_time.GetUtcNow() + TimeSpan.FromHours(16));
    }

    [Fact]
    public void GetCurrent_AtTwoThirdsOfTheLifetime_Rotates()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, time: _time);
        var first = issuer.SetClusters(["east", "west"]);
        var east = first.Certificates["east"];

        _time.Advance(TimeSpan.FromHours(16) - TimeSpan.FromSeconds(1));
        issuer.GetCurrent().Should().BeSameAs(first);
        first.ChangeToken.HasChanged.Should().BeFalse();

        _time.Advance(TimeSpan.FromSeconds(1));
        var second = issuer.GetCurrent();

        first.ChangeToken.HasChanged.Should().BeTrue();
        second.Generation.Should().Be(first.Generation + 1);
        second.Certificates.Keys.Should().BeEquivalentTo(["east", "west"]);
        second.Certificates["east"].SerialNumber.Should().NotBe(east.SerialNumber);
        second.Certificates["east"].IssuedAt.Should().Be(_time.GetUtcNow());
        second.Certificates["east"].NotAfter.Should().Be(_time.GetUtcNow() + TimeSpan.FromHours(24));
        second.NextRotation.Should().Be(_time.GetUtcNow() + TimeSpan.FromHours(16));
        using var leaf = Certificates.Load(second.Certificates["east"].CertificatePem);
        Certificates.Verify(leaf, second.TrustBundlePem, _time.GetUtcNow()).Valid.Should().BeTrue();
    }

    [Fact]
    public void GetCertificate_RotationDue_ReturnsTheNewCertificate()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, time: _time);
        var first = issuer.GetCertificate("east");

        _time.Advance(TimeSpan.FromHours(17));

        issuer.GetCertificate("east").SerialNumber.Should().NotBe(first.SerialNumber);
    }

    [Fact]
    public void GetCurrent_ConfiguredFractionAndLifetime_RotatesThen()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, new GatewayCertificateOptions { RotateAfterFraction = 0.5, Lifetime = TimeSpan.FromHours(2) }, _time);
        var first = issuer.GetCertificate("east");

        _time.Advance(TimeSpan.FromMinutes(59));
        issuer.GetCertificate("east").Should().BeSameAs(first);
        _time.Advance(TimeSpan.FromMinutes(1));

        issuer.GetCertificate("east").Should().NotBeSameAs(first);
    }

    [Fact]
    public void RotateDue_ManyRotations_KeepsOneCertificatePerCluster()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, time: _time);
        issuer.SetClusters(["east", "west", "edge"]);
        var serials = new HashSet<string>();

        for (var i = 0; i < 10; i++)
        {
            _time.Advance(TimeSpan.FromHours(16));
            issuer.RotateDue().Should().BeTrue();
            serials.Add(issuer.GetCurrent().Certificates["east"].SerialNumber);
        }

        serials.Should().HaveCount(10);
        issuer.GetCurrent().Certificates.Should().HaveCount(3);
        issuer.RotateDue().Should().BeFalse();
    }

    [Fact]
    public void SetClusters_Changed_KeepsExistingIssuesNewDropsGone()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, time: _time);
        var first = issuer.SetClusters(["east", "west"]);

        var second = issuer.SetClusters(["west", "edge"]);

        first.ChangeToken.HasChanged.Should().BeTrue();
        second.Certificates.Keys.Should().BeEquivalentTo(["west", "edge"]);
        second.Certificates["west"].Should().BeSameAs(first.Certificates["west"]);
        issuer.SetClusters(["edge", "west"]).Should().BeSameAs(second);
    }

    [Fact]
    public async Task RunAsync_CertificateDue_RotatesWithoutBeingAskedAndFiresTheChangeToken()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, time: _time);
        var first = issuer.SetClusters(["east"]);
        using var stop = new CancellationTokenSource();
        var loop = issuer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => _time.ArmedTimers > 0);
        var changed = Changed(first);

        await Task.Run(() => _time.Advance(TimeSpan.FromHours(16)));

        await changed.WaitAsync(Wait);
        await Eventually.TrueAsync(() => !ReferenceEquals(issuer.GetCurrent(), first));
        issuer.GetCurrent().Certificates["east"].SerialNumber.Should().NotBe(first.Certificates["east"].SerialNumber);
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }

    [Fact]
    public async Task RunAsync_ClockBetweenWholeSeconds_RotatesWhenDueWithoutSpinning()
    {
        // Certificate times have whole seconds and timers whole milliseconds; the clock has neither here.
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(4_567_891));
        using var ca = MeshCertificateAuthority.Create(time: time);
        using var issuer = new GatewayCertificateIssuer(ca, time: time);
        var first = issuer.SetClusters(["east"]);
        using var stop = new CancellationTokenSource();
        var loop = issuer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => time.ArmedTimers > 0);
        var changed = Changed(first);

        await Task.Run(() => time.Advance(TimeSpan.FromHours(16))).WaitAsync(Wait);

        await changed.WaitAsync(Wait);
        time.ArmedTimers.Should().Be(1, "the loop waits for the next rotation");
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }

    [Fact]
    public async Task RunAsync_ClusterAdded_WaitsForTheEarliestCertificate()
    {
        using var issuer = new GatewayCertificateIssuer(_ca, time: _time);
        issuer.SetClusters(["east"]);
        using var stop = new CancellationTokenSource();
        var loop = issuer.RunAsync(stop.Token);
        await Eventually.TrueAsync(() => _time.ArmedTimers > 0);

        await Task.Run(() => _time.Advance(TimeSpan.FromHours(8)));
        var withWest = issuer.SetClusters(["east", "west"]);
        withWest.NextRotation.Should().Be(withWest.Certificates["east"].RenewAt(2.0 / 3.0));
        var changed = Changed(withWest);
        await Task.Run(() => _time.Advance(TimeSpan.FromHours(8)));

        await changed.WaitAsync(Wait);
        await Eventually.TrueAsync(() => issuer.GetCurrent().Certificates["east"].SerialNumber != withWest.Certificates["east"].SerialNumber);
        issuer.GetCurrent().Certificates["west"].Should().BeSameAs(withWest.Certificates["west"]);
        await stop.CancelAsync();
        await loop.WaitAsync(Wait);
    }

    [Fact]
    public void Constructor_InvalidFraction_Throws()
    {
        var act = () => new GatewayCertificateIssuer(_ca, new GatewayCertificateOptions { RotateAfterFraction = 1.5 }, _time);

        act.Should().Throw<ArgumentException>().WithMessage("*RotateAfterFraction*");
    }

    private static Task Changed(GatewayCertificateSet set)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        set.ChangeToken.RegisterChangeCallback(_ => changed.TrySetResult(), null);
        return changed.Task;
    }
}
