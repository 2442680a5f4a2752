using PiVault.Server.Features.Offsite;
using PiVault.Server.Health;

namespace PiVault.Tests.Health;

/// <summary>The off-site backup's health sentences: overdue or failed is a warning (the LED's attention), not yet is a note.</summary>
public sealed class OffsiteWarningsTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void No_remote_says_nothing_and_a_remote_never_copied_is_a_note()
    {
        Assert.Null(OffsiteWarnings.For(Status([], null)));
        Assert.Equal(HealthWarnings.Info, OffsiteWarnings.For(Status([Remote(null)], null))!.Level);
    }

    [Fact]
    public void A_copy_older_than_the_overdue_days_is_a_warning_that_names_its_date_and_a_fresh_one_says_nothing()
    {
        var old = Run("succeeded", Now.AddDays(-20));
        var warning = OffsiteWarnings.For(Status([Remote(old)], 20.0, Now.AddDays(-20)))!;
        Assert.Equal(HealthWarnings.Warning, warning.Level);
        Assert.Contains("20 days old", warning.Title, StringComparison.Ordinal);
        Assert.Contains("2026-05-12", warning.Detail, StringComparison.Ordinal);
        Assert.Null(OffsiteWarnings.For(Status([Remote(Run("succeeded", Now.AddDays(-3)))], 3.0, Now.AddDays(-3))));
    }

    [Fact]
    public void A_failed_last_run_is_a_warning_with_its_sentence_but_not_while_a_run_goes_on()
    {
        var failed = Run("failed", Now.AddHours(-1)) with { Error = "Verification failed: library/a.jpg on cloud did not match the backup" };
        var warning = OffsiteWarnings.For(Status([Remote(failed)], 1.0, Now.AddDays(-1)))!;
        Assert.Equal((HealthWarnings.Warning, failed.Error), (warning.Level, warning.Detail));
        var running = Status([Remote(failed)], 1.0, Now.AddDays(-1)) with { Current = new("cloud", OffsiteBackup.Uploading, 1, 2, 1, 2, 0, null, null, Now) };
        Assert.Null(OffsiteWarnings.For(running));
    }

    private static OffsiteStatusDto Status(List<OffsiteRemoteDto> remotes, double? age, DateTimeOffset? at = null) => new(remotes, null, at, age, OffsiteScheduler.OverdueDays);

    private static OffsiteRunDto Run(string outcome, DateTimeOffset at) => new(1, "cloud", at, at.AddMinutes(5), outcome, "schedule", 1, 1, 1, 1, null);

    private static OffsiteRemoteDto Remote(OffsiteRunDto? last) => new("cloud", OffsiteKind.S3, [], [], false, 168, null, null, 30, Now.AddDays(-60), last,
        last is { Outcome: "succeeded" } ? last : null);
}
