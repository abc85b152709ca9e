using Tdcc.Mesh.ApiMachinery.Scheduling;

namespace Tdcc.Mesh.ApiMachinery.Tests.Scheduling;

public sealed class CronScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 10, 7, 30, TimeSpan.Zero); // a Monday

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("*/5 * * * *", "2026-12-07T10:10:00Z")]
    [InlineData("* * * * *", "2026-12-07T10:08:00Z")]
    [InlineData("0 * * * *", "2026-12-07T11:00:00Z")]
    [InlineData("15,45 9-17 * * *", "2026-12-07T10:15:00Z")]
    [InlineData("0 9-17/4 * * *", "2026-12-07T13:00:00Z")]
    [InlineData("30 2 * * MON-FRI", "2026-12-08T02:30:00Z")]
    [InlineData("0 0 1 JAN *", "2027-01-01T00:00:00Z")]
    [InlineData("0 0 * * sun", "2026-12-13T00:00:00Z")]
    [InlineData("0 0 13 * FRI", "2026-12-11T00:00:00Z")]
    [InlineData("0 0 13 * ?", "2026-12-13T00:00:00Z")]
    [InlineData("0 0 ? * 5", "2026-12-11T00:00:00Z")]
    [InlineData("0 0 29 2 *", "2028-02-29T00:00:00Z")]
    [InlineData("5/20 * * * *", "2026-12-07T10:25:00Z")]
    [InlineData("@hourly", "2026-12-07T11:00:00Z")]
    [InlineData("@daily", "2026-12-08T00:00:00Z")]
    [InlineData("@weekly", "2026-12-13T00:00:00Z")]
    [InlineData("@monthly", "2027-01-01T00:00:00Z")]
    [InlineData("@yearly", "2027-01-01T00:00:00Z")]
    [InlineData("@every 90s", "2026-12-07T10:09:00Z")]
    public void Next_StandardSchedules_FireAtKubesTimes(string spec, string expected)
    {
        var next = CronSchedule.Parse(spec).Next(Start);

        next.Should().Be(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Next_BothDayFieldsRestricted_EitherMatches()
    {
        var schedule = CronSchedule.Parse("0 0 1 * MON");

        var first = schedule.Next(Utc(2026, 12, 7, 1, 0))!.Value; // after Monday the 7th: Monday the 14th comes before the 1st
        var second = schedule.Next(Utc(2026, 12, 28, 1, 0))!.Value; // after Monday the 28th: the 1st of January (a Friday)

        first.Should().Be(Utc(2026, 12, 14, 0, 0));
        second.Should().Be(Utc(2027, 1, 1, 0, 0));
    }

    [Theory]
    [InlineData("* * * *", "expected exactly 5 fields, found 4: [* * * *]")]
    [InlineData("60 * * * *", "end of range (60) above maximum (59): 60")]
    [InlineData("0 0 0 * *", "beginning of range (0) below minimum (1): 0")]
    [InlineData("5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1")]
    [InlineData("*/0 * * * *", "step of range should be a positive number: */0")]
    [InlineData("a * * * *", "failed to parse int from a: strconv.Atoi: parsing \"a\": invalid syntax")]
    [InlineData("* * * * 7", "end of range (7) above maximum (6): 7")]
    [InlineData("@fortnightly", "unrecognized descriptor: @fortnightly")]
    [InlineData("", "empty spec string")]
    public void TryParse_BadSchedule_FailsWithRobfigsMessage(string spec, string message)
    {
        CronSchedule.TryParse(spec, out _, out var error).Should().BeFalse();

        error.Should().Be(message);
    }

    [Fact]
    public void Next_TimeZone_MatchesTheZonesWallClock()
    {
        var berlin = CronSchedule.FindZone("Europe/Berlin");

        var next = CronSchedule.Parse("0 9 * * *").Next(Utc(2026, 12, 7, 10, 0), berlin);

        next.Should().Be(Utc(2026, 12, 8, 8, 0), "09:00 CET is 08:00 UTC");
    }

    [Fact]
    public void Next_SkippedByDaylightSaving_RunsAtTheOffsetBeforeTheJump()
    {
        var berlin = CronSchedule.FindZone("Europe/Berlin");

        // 2027-03-28 02:30 does not exist in Berlin (02:00 CET jumps to 03:00 CEST).
        var next = CronSchedule.Parse("30 2 * * *").Next(Utc(2027, 3, 27, 12, 0), berlin);

        next.Should().Be(Utc(2027, 3, 28, 1, 30), "02:30 at the +01:00 offset is 03:30 CEST");
    }

    [Fact]
    public void Next_RepeatedHourAtDaylightSavingEnd_RunsOnce()
    {
        var berlin = CronSchedule.FindZone("Europe/Berlin");
        var schedule = CronSchedule.Parse("30 2 * * *");

        // 2026-10-25 02:30 happens twice in Berlin (CEST, then CET): the first one runs, the next run is the day after.
        var first = schedule.Next(Utc(2026, 10, 24, 12, 0), berlin)!.Value;
        var second = schedule.Next(first, berlin)!.Value;

        first.Should().Be(Utc(2026, 10, 25, 0, 30));
        second.Should().Be(Utc(2026, 10, 26, 1, 30));
    }

    [Fact]
    public void MostRecent_MissedTimes_LatestAndCount()
    {
        var (latest, count) = CronSchedule.Parse("*/10 * * * *").MostRecent(Utc(2026, 12, 7, 10, 0), Utc(2026, 12, 7, 10, 45));

        latest.Should().Be(Utc(2026, 12, 7, 10, 40));
        count.Should().Be(4);
    }

    [Fact]
    public void Parse_TzPrefix_NamesTheZone()
    {
        var schedule = CronSchedule.Parse("CRON_TZ=Asia/Tokyo 0 9 * * *");

        schedule.TimeZone.Should().Be("Asia/Tokyo");
        schedule.Next(Utc(2026, 12, 7, 0, 30)).Should().Be(Utc(2026, 12, 8, 0, 0), "09:00 JST is 00:00 UTC");
    }

    [Theory]
    [InlineData("1h30m", 5400)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250ms", 0.25)]
    [InlineData("0", 0)]
    public void GoDuration_TryParse_GoSyntax(string text, double seconds)
    {
        GoDuration.TryParse(text, out var duration).Should().BeTrue();

        duration.TotalSeconds.Should().Be(seconds);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("1d")]
    [InlineData("")]
    public void GoDuration_TryParse_NotADuration_False(string text) =>
        GoDuration.TryParse(text, out _).Should().BeFalse();
}
