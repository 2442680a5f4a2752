namespace PiVault.Tests.Infrastructure;

/// <summary>A clock the test moves by hand; timers still run on real time.</summary>
public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;
}
