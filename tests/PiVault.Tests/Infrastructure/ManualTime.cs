namespace PiVault.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, in a chosen local time zone (UTC unless given); timers still run on real time.</summary>
public sealed class ManualTime(DateTimeOffset start, TimeZoneInfo? zone = null) : TimeProvider
{
    private DateTimeOffset now = start;

    public TimeZoneInfo Zone { get; set; } = zone ?? TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => Zone;

    public void Advance(TimeSpan by) => now += by;

    /// <summary>A fixed-offset zone in which <paramref name="utc"/> reads as <paramref name="localTime"/> (to the minute).</summary>
    public static TimeZoneInfo ZoneWhere(DateTimeOffset utc, TimeSpan localTime)
    {
        var offset = TimeSpan.FromMinutes(Math.Round((localTime - utc.UtcDateTime.TimeOfDay).TotalMinutes));
        offset = offset > TimeSpan.FromHours(12) ? offset - TimeSpan.FromDays(1) : offset < TimeSpan.FromHours(-12) ? offset + TimeSpan.FromDays(1) : offset;
        return TimeZoneInfo.CreateCustomTimeZone("Test/Local", offset, "Test local", "Test local");
    }
}
