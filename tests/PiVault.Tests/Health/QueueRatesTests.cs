using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

/// <summary>Completions counted where the real SQLite queue completes jobs, and queue depths in the history samples.</summary>
public sealed class QueueRatesTests : IDisposable
{
    private readonly QueueFixture fixture = new(new ManualTime(DateTimeOffset.Parse("2026-07-01T12:00:30Z", CultureInfo.InvariantCulture)));

    public void Dispose() => fixture.Dispose();

    private void Enqueue(string kind, int count)
    {
        using var db = fixture.Database.Open();
        for (var i = 0; i < count; i++)
        {
            // Jobs without an asset are not de-duplicated once the previous one is running.
            fixture.Queue.Enqueue(db, kind, null);
            db.Execute("UPDATE jobs SET state = 'running' WHERE state = 'pending' AND kind = $kind;", ("$kind", kind));
        }
        db.Execute("UPDATE jobs SET state = 'pending' WHERE kind = $kind;", ("$kind", kind));
    }

    private void CompleteOne(string queueName)
    {
        var job = fixture.Queue.Claim(queueName)!;
        using var db = fixture.Database.Open();
        fixture.Queue.Complete(db, job);
    }

    [Fact]
    public void Rates_are_jobs_completed_a_minute_over_the_last_5_minutes_and_the_last_hour()
    {
        Enqueue(JobKinds.Thumbnails, 40);
        for (var minute = 0; minute < 20; minute++) // 2 a minute for 20 minutes
        {
            CompleteOne(JobKinds.ThumbnailQueue);
            CompleteOne(JobKinds.ThumbnailQueue);
            fixture.Time.Advance(TimeSpan.FromMinutes(1));
        }
        var throughput = fixture.Queue.Throughput;
        Assert.Equal(8, throughput.Completed(JobKinds.ThumbnailQueue, 5)); // this minute has none yet
        Assert.Equal(1.6, throughput.PerMinute(JobKinds.ThumbnailQueue, 5));
        Assert.Equal(40, throughput.Completed(JobKinds.ThumbnailQueue, 60));
        Assert.Equal(0.67, throughput.PerMinute(JobKinds.ThumbnailQueue, 60));
        Assert.Equal(0, throughput.PerMinute(JobKinds.MetadataQueue, 5));

        fixture.Time.Advance(TimeSpan.FromMinutes(41)); // the last completion was 42 minutes ago
        Assert.Equal(0, throughput.Completed(JobKinds.ThumbnailQueue, 5));
        Assert.Equal(36, throughput.Completed(JobKinds.ThumbnailQueue, 60)); // 12:02 to 12:19 are still within the hour
        fixture.Time.Advance(TimeSpan.FromMinutes(60));
        Assert.Equal(0, throughput.Completed(JobKinds.ThumbnailQueue, 60));
    }

    [Fact]
    public void Each_history_sample_holds_the_waiting_jobs_of_the_queues_that_have_any()
    {
        var options = new PiVaultOptions { Profile = RunProfile.Development, DataDir = fixture.Dir, Urls = "http://127.0.0.1:0" };
        var governor = new HealthGovernor(new FakeHealthSensors(), GovernorRules.Pi4, new UploadActivity(), fixture.Time, NullLogger<HealthGovernor>.Instance,
            new Dictionary<string, int> { [JobKinds.MetadataQueue] = 2, [JobKinds.ThumbnailQueue] = 2 });
        using var history = new HealthHistory(governor, options, fixture.Time, NullLogger<HealthHistory>.Instance, fixture.Queue);

        governor.Evaluate();
        Enqueue(JobKinds.Thumbnails, 3);
        fixture.Time.Advance(TimeSpan.FromMinutes(1));
        governor.Evaluate();

        var samples = history.Samples();
        Assert.Empty(samples[0].Pending!);
        Assert.Equal(new Dictionary<string, long> { [JobKinds.ThumbnailQueue] = 3 }, samples[1].Pending);
    }
}
