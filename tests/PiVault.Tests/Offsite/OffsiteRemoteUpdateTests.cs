using PiVault.Server.Features.Offsite;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Offsite;

/// <summary>
/// Changing a remote's schedule, window, bandwidth limit and retention in place: the row changes, the credentials in the
/// config file do not; a bad value changes nothing.
/// </summary>
public sealed class OffsiteRemoteUpdateTests
{
    private const string Secret = "secret-that-stays-in-the-file";

    [Fact]
    public async Task The_schedule_window_and_bandwidth_change_in_place_and_the_credentials_stay_untouched()
    {
        await using var fixture = new OffsiteFixture();
        var remotes = fixture.Remotes;
        await remotes.AddAsync(new OffsiteRemoteRequest("cloud", OffsiteKind.S3,
            new() { ["endpoint"] = "http://127.0.0.1:9", ["access_key_id"] = "key", ["bucket"] = "bucket" }, new() { ["secret_access_key"] = Secret },
            false, null, 168, "01:00-05:00", "2M", 30), CancellationToken.None);
        var config = await File.ReadAllTextAsync(fixture.Paths.ConfigPath);

        var changed = remotes.Update("cloud", new OffsiteRemoteUpdateRequest(24, "22:30-06:00", "512k", null));

        Assert.Equal((24, "22:30-06:00", "512k", 30), (changed.IntervalHours, changed.Window, changed.BandwidthLimit, changed.RetentionDays));
        var stored = fixture.Store.Find("cloud")!;
        Assert.Equal((24, "22:30-06:00", "512k", 30), (stored.IntervalHours, stored.Window, stored.BandwidthLimit, stored.RetentionDays));
        Assert.Equal(("s3", "key"), (stored.Kind, stored.Settings["access_key_id"]));
        Assert.Equal(OffsiteRemotes.Mask, changed.Secrets["secret_access_key"]);
        Assert.Equal(config, await File.ReadAllTextAsync(fixture.Paths.ConfigPath));

        // Empty strings take the window and the limit away; fields left out stay.
        var cleared = remotes.Update("cloud", new OffsiteRemoteUpdateRequest(null, "", "", 7));
        Assert.Equal((24, null, null, 7), (cleared.IntervalHours, cleared.Window, cleared.BandwidthLimit, cleared.RetentionDays));
        Assert.Equal((24, null, null, 7), (fixture.Store.Find("cloud")!.IntervalHours, fixture.Store.Find("cloud")!.Window,
            fixture.Store.Find("cloud")!.BandwidthLimit, fixture.Store.Find("cloud")!.RetentionDays));
    }

    [Theory]
    [InlineData(0, null, null, null, "intervalHours")]
    [InlineData(2161, null, null, null, "intervalHours")]
    [InlineData(null, "25:00-02:00", null, null, "window")]
    [InlineData(null, "night", null, null, "window")]
    [InlineData(null, null, "fast", null, "bandwidthLimit")]
    [InlineData(null, null, "1M\n[evil]", null, "bandwidthLimit")]
    [InlineData(null, null, null, -1, "retentionDays")]
    public async Task A_bad_value_is_refused_with_a_sentence_and_nothing_changes(int? interval, string? window, string? limit, int? retention, string says)
    {
        await using var fixture = new OffsiteFixture();
        await fixture.Remotes.AddAsync(new OffsiteRemoteRequest("cloud", OffsiteKind.S3,
            new() { ["endpoint"] = "http://127.0.0.1:9", ["access_key_id"] = "key", ["bucket"] = "bucket" }, new() { ["secret_access_key"] = Secret },
            false, null, 168, "01:00-05:00", "2M", 30), CancellationToken.None);
        var before = fixture.Store.Find("cloud")!;

        // One good value beside the bad one: it must not be written either.
        var detail = ServiceTier.Refused(400, () => fixture.Remotes.Update("cloud", new OffsiteRemoteUpdateRequest(
            interval ?? 12, window ?? "02:00-04:00", limit ?? "1M", retention ?? 3)));

        Assert.Contains(says, detail, StringComparison.Ordinal);
        var after = fixture.Store.Find("cloud")!;
        Assert.Equal((before.IntervalHours, before.Window, before.BandwidthLimit, before.RetentionDays),
            (after.IntervalHours, after.Window, after.BandwidthLimit, after.RetentionDays));
    }

    [Fact]
    public async Task An_unknown_remote_is_not_found()
    {
        await using var fixture = new OffsiteFixture();
        ServiceTier.Refused(404, () => fixture.Remotes.Update("nowhere", new OffsiteRemoteUpdateRequest(24, null, null, null)));
    }
}
