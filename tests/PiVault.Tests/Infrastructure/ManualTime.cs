namespace PiVault.Tests.Infrastructure;

/// <summary>A clock the test moves by hand, in a chosen local time zone (UTC unless given); timers still run on real time.</summary>
public sealed class ManualTime(DateTimeOffset start, TimeZoneInfo? zone = null) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone { get; } = zone ?? TimeZoneInfo.Utc;

    public void Advance(TimeSpan by) => now += by;
}
