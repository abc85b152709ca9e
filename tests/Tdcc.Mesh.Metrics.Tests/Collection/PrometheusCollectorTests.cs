using System.Diagnostics.Metrics;

namespace Tdcc.Mesh.Metrics.Tests.Collection;

public sealed class PrometheusCollectorTests
{
    [Fact]
    public void Scrape_Counter_TotalSuffixAndLabels()
    {
        using var test = new TestMeter();
        var counter = test.Meter.CreateCounter<long>("tdcc.reconcile", description: "Reconciles done.");
        counter.Add(2, new KeyValuePair<string, object?>("result", "success"), new KeyValuePair<string, object?>("controller", "svc"));
        counter.Add(3, new KeyValuePair<string, object?>("controller", "svc"), new KeyValuePair<string, object?>("result", "success"));
        counter.Add(1, new KeyValuePair<string, object?>("result", "error"), new KeyValuePair<string, object?>("controller", "svc"));

        test.Exporter.Scrape().Should().Be(
            "# HELP tdcc_reconcile_total Reconciles done.\n" +
            "# TYPE tdcc_reconcile_total counter\n" +
            "tdcc_reconcile_total{controller=\"svc\",result=\"error\"} 1\n" +
            "tdcc_reconcile_total{controller=\"svc\",result=\"success\"} 5\n");
    }

    [Fact]
    public void Scrape_CounterNegativeIncrement_Ignored()
    {
        using var test = new TestMeter();
        var counter = test.Meter.CreateCounter<double>("c");
        counter.Add(1.5);
        counter.Add(-1);

        test.Exporter.Scrape().Should().Contain("c_total 1.5\n");
    }

    [Fact]
    public void Scrape_UpDownCounter_Gauge()
    {
        using var test = new TestMeter();
        var depth = test.Meter.CreateUpDownCounter<int>("queue.depth", description: "Items waiting.");
        depth.Add(5);
        depth.Add(-2);

        test.Exporter.Scrape().Should().Be(
            "# HELP queue_depth Items waiting.\n" +
            "# TYPE queue_depth gauge\n" +
            "queue_depth 3\n");
    }

    [Fact]
    public void Scrape_Gauge_LastValue()
    {
        using var test = new TestMeter();
        var gauge = test.Meter.CreateGauge<double>("temperature", unit: "Cel");
        gauge.Record(20);
        gauge.Record(21.5);

        test.Exporter.Scrape().Should().Be(
            "# HELP temperature_celsius temperature\n" +
            "# TYPE temperature_celsius gauge\n" +
            "temperature_celsius 21.5\n");
    }

    [Fact]
    public void Scrape_Histogram_CumulativeBucketsSumCount()
    {
        using var test = new TestMeter();
        var histogram = test.Meter.CreateHistogram<double>(
            "work.duration",
            unit: "s",
            description: "Time spent.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        histogram.Record(0.05, new KeyValuePair<string, object?>("name", "q"));
        histogram.Record(0.5, new KeyValuePair<string, object?>("name", "q"));
        histogram.Record(0.5, new KeyValuePair<string, object?>("name", "q"));
        histogram.Record(7, new KeyValuePair<string, object?>("name", "q"));

        test.Exporter.Scrape().Should().Be(
            "# HELP work_duration_seconds Time spent.\n" +
            "# TYPE work_duration_seconds histogram\n" +
            "work_duration_seconds_bucket{name=\"q\",le=\"0.1\"} 1\n" +
            "work_duration_seconds_bucket{name=\"q\",le=\"1\"} 3\n" +
            "work_duration_seconds_bucket{name=\"q\",le=\"+Inf\"} 4\n" +
            "work_duration_seconds_sum{name=\"q\"} 8.05\n" +
            "work_duration_seconds_count{name=\"q\"} 4\n");
    }

    [Fact]
    public void Scrape_HistogramWithoutAdvice_ConfiguredBuckets()
    {
        using var test = new TestMeter(options =>
        {
            options.HistogramBuckets = [1, 2];
            options.HistogramBucketsByInstrument["special"] = [10];
        });
        test.Meter.CreateHistogram<long>("plain").Record(2);
        test.Meter.CreateHistogram<long>("special").Record(2);

        var text = test.Exporter.Scrape();

        text.Should().Contain("plain_bucket{le=\"1\"} 0\nplain_bucket{le=\"2\"} 1\nplain_bucket{le=\"+Inf\"} 1\n");
        text.Should().Contain("special_bucket{le=\"10\"} 1\nspecial_bucket{le=\"+Inf\"} 1\n");
    }

    [Fact]
    public void Scrape_ObservableInstruments_ObservedAtScrape()
    {
        using var test = new TestMeter();
        var observed = 1;
        test.Meter.CreateObservableCounter("bytes.sent", () => observed * 100L, unit: "By");
        test.Meter.CreateObservableGauge("ready", () => new Measurement<int>(observed, new KeyValuePair<string, object?>("pod", "a")));
        test.Meter.CreateObservableUpDownCounter("inflight", () => observed * -1.0);

        test.Exporter.Scrape();
        observed = 2;
        test.Exporter.Scrape().Should().Be(
            "# HELP bytes_sent_bytes_total bytes.sent\n" +
            "# TYPE bytes_sent_bytes_total counter\n" +
            "bytes_sent_bytes_total 200\n" +
            "# HELP inflight inflight\n" +
            "# TYPE inflight gauge\n" +
            "inflight -2\n" +
            "# HELP ready ready\n" +
            "# TYPE ready gauge\n" +
            "ready{pod=\"a\"} 2\n");
    }

    [Fact]
    public void Scrape_ObservableSeriesVanishes_NotExported()
    {
        using var test = new TestMeter();
        var pods = new List<string> { "a", "b" };
        test.Meter.CreateObservableGauge("up", () => pods.Select(p => new Measurement<int>(1, new KeyValuePair<string, object?>("pod", p))));

        test.Exporter.Scrape().Should().Contain("up{pod=\"b\"} 1");
        pods.Remove("b");
        test.Exporter.Scrape().Should().NotContain("pod=\"b\"");
    }

    [Fact]
    public void Scrape_LabelValueWithSpecialCharacters_Escaped()
    {
        using var test = new TestMeter();
        test.Meter.CreateCounter<int>("c", description: "multi\nline \\ help").Add(1, new KeyValuePair<string, object?>("path", "C:\\x \"y\"\nz"));

        test.Exporter.Scrape().Should().Be(
            "# HELP c_total multi\\nline \\\\ help\n" +
            "# TYPE c_total counter\n" +
            "c_total{path=\"C:\\\\x \\\"y\\\"\\nz\"} 1\n");
    }

    [Fact]
    public void Scrape_MoreSeriesThanCap_DropsAndCounts()
    {
        using var test = new TestMeter(options => options.MaxSeriesPerInstrument = 2);
        var counter = test.Meter.CreateCounter<int>("hits");
        for (var i = 0; i < 5; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        counter.Add(1, new KeyValuePair<string, object?>("id", 0));
        var text = test.Exporter.Scrape();

        text.Split('\n').Count(line => line.StartsWith("hits_total{", StringComparison.Ordinal)).Should().Be(2);
        text.Should().Contain("hits_total{id=\"0\"} 2\n");
        text.Should().Contain("tdcc_metrics_dropped_series_total{metric=\"hits_total\"} 3\n");
    }

    [Fact]
    public void Scrape_MeterNotSelected_NotExported()
    {
        using var test = new TestMeter();
        using var other = new Meter(test.Meter.Name + "x");
        other.CreateCounter<int>("other").Add(1);
        using var child = new Meter(test.Meter.Name + ".Child");
        child.CreateCounter<int>("child").Add(1);

        var text = test.Exporter.Scrape();

        text.Should().NotContain("other_total");
        text.Should().Contain("child_total 1");
    }

    [Fact]
    public void Scrape_MeterAndInstrumentTags_ConstantLabels()
    {
        using var test = new TestMeter();
        using var tagged = new Meter(new MeterOptions(test.Meter.Name + ".Tagged") { Tags = [new("cluster", "east")] });
        tagged.CreateCounter<int>("t", null, null, [new KeyValuePair<string, object?>("kind", "svc")]).Add(1, new KeyValuePair<string, object?>("ok", true));

        test.Exporter.Scrape().Should().Contain("t_total{cluster=\"east\",kind=\"svc\",ok=\"true\"} 1\n");
    }

    [Fact]
    public void Scrape_FamiliesSortedByName_StableOutput()
    {
        using var test = new TestMeter();
        test.Meter.CreateCounter<int>("zeta").Add(1);
        test.Meter.CreateCounter<int>("alpha").Add(1);

        var first = test.Exporter.Scrape();

        first.IndexOf("alpha_total", StringComparison.Ordinal).Should().BeLessThan(first.IndexOf("zeta_total", StringComparison.Ordinal));
        test.Exporter.Scrape().Should().Be(first);
    }

    [Fact]
    public void Scrape_MeterDisposed_InstrumentRemoved()
    {
        using var test = new TestMeter();
        var meter = new Meter(test.Meter.Name + ".Gone");
        meter.CreateCounter<int>("gone").Add(1);
        test.Exporter.Scrape().Should().Contain("gone_total");

        meter.Dispose();

        test.Exporter.Scrape().Should().NotContain("gone_total");
    }
}
