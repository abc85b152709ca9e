namespace Tdcc.Mesh.Xds.Client.Tests;

/// <summary>Records every view it is given; rejects those <see cref="Reject"/> has a reason for.</summary>
internal sealed class RecordingViewHandler : IXdsViewHandler
{
    private readonly Lock _lock = new();
    private readonly List<XdsView> _views = [];

    public Func<XdsView, string?> Reject { get; set; } = _ => null;

    public IReadOnlyList<XdsView> Views
    {
        get
        {
            lock (_lock)
            {
                return [.. _views];
            }
        }
    }

    public XdsView? Last => Views is { Count: > 0 } views ? views[^1] : null;

    public ValueTask<string?> ApplyAsync(XdsView view, CancellationToken cancellationToken)
    {
        var reason = Reject(view);
        if (reason is null)
        {
            lock (_lock)
            {
                _views.Add(view);
            }
        }

        return ValueTask.FromResult(reason);
    }
}
