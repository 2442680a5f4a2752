using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Hardware.Fakes;
using PiVault.Hardware.Linux;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Health;

/// <summary>
/// The governor driving the real job runner over a real SQLite queue: a heat ramp pauses thumbnails while metadata
/// continues, cooling resumes them, and every queued job then runs exactly once.
/// </summary>
public sealed class GovernedRunnerTests : IDisposable
{
    private readonly QueueFixture fixture = new(new ManualTime(DateTimeOffset.Parse("2026-07-01T12:00:00Z", CultureInfo.InvariantCulture)));
    private readonly FakeSysfsTree tree;
    private readonly ConcurrentQueue<(string Kind, string? AssetId)> ran = new();

    public GovernedRunnerTests() => tree = new FakeSysfsTree(Path.Combine(fixture.Dir, "root")).IdlePi4();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task A_heat_ramp_holds_thumbnails_while_metadata_runs_and_everything_completes_after_cooling()
    {
        var governor = new HealthGovernor(new LinuxHealthSensors(tree.Root), GovernorRules.Pi4, new UploadActivity(), fixture.Time,
            NullLogger<HealthGovernor>.Instance, new Dictionary<string, int> { [JobKinds.MetadataQueue] = 2, [JobKinds.ThumbnailQueue] = 2 });
        foreach (var celsius in new double[] { 55, 68, 74, 80, 84 })
        {
            tree.Temperature(celsius);
            fixture.Time.Advance(TimeSpan.FromSeconds(5));
            governor.Evaluate();
        }
        Assert.Equal(0, governor.AllowedWorkers(JobKinds.ThumbnailQueue));

        var assets = Enumerable.Range(0, 12).Select(_ => fixture.AddAsset()).ToList();
        using var runner = new JobRunner(fixture.Queue, new JobPipeline(Handlers()), governor, fixture.Database, NullLogger<JobRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntil(() => fixture.Queue.Counts(JobKinds.MetadataQueue) is { Pending: 0, Running: 0 });
            await Task.Delay(500); // paused workers keep polling: give them the chance to claim by mistake
            Assert.Equal(12, ran.Count(r => r.Kind == JobKinds.Metadata));
            Assert.DoesNotContain(ran, r => r.Kind == JobKinds.Thumbnails);
            Assert.Equal(12, fixture.Queue.Counts(JobKinds.ThumbnailQueue).Pending);

            // Cooling, but not past the margin: still paused.
            tree.Temperature(79);
            fixture.Time.Advance(TimeSpan.FromSeconds(5));
            governor.Evaluate();
            await Task.Delay(500);
            Assert.DoesNotContain(ran, r => r.Kind == JobKinds.Thumbnails);

            tree.Temperature(76);
            fixture.Time.Advance(TimeSpan.FromSeconds(5));
            Assert.Equal(1, governor.Evaluate().AllowedWorkers(JobKinds.ThumbnailQueue));
            await WaitUntil(() => fixture.Queue.Counts(JobKinds.ThumbnailQueue) is { Pending: 0, Running: 0 });
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }

        foreach (var asset in assets)
        {
            Assert.Equal([JobKinds.Metadata, JobKinds.Thumbnails], ran.Where(r => r.AssetId == asset).Select(r => r.Kind).ToList());
        }
        foreach (var counts in JobSteps.Production.Queues.Select(fixture.Queue.Counts))
        {
            Assert.Equal((0L, 0L, 0L, 0L), (counts.Pending, counts.Running, counts.Failed, counts.Delayed));
        }
    }

    [Fact]
    public async Task A_job_already_running_when_the_queue_pauses_finishes()
    {
        var governor = new HealthGovernor(new LinuxHealthSensors(tree.Root), GovernorRules.Pi4, new UploadActivity(), fixture.Time,
            NullLogger<HealthGovernor>.Instance, new Dictionary<string, int> { [JobKinds.MetadataQueue] = 1, [JobKinds.ThumbnailQueue] = 1 });
        governor.Evaluate();
        using var started = new SemaphoreSlim(0);
        using var release = new SemaphoreSlim(0);
        var handlers = Handlers(async (_, cancel) =>
        {
            started.Release();
            await release.WaitAsync(cancel);
        });
        var assets = new[] { fixture.AddAsset(), fixture.AddAsset() };
        using var runner = new JobRunner(fixture.Queue, new JobPipeline(handlers), governor, fixture.Database, NullLogger<JobRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        try
        {
            Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(20)));
            tree.UndervoltageAlarm(true);
            Assert.Equal(0, governor.Evaluate().AllowedWorkers(JobKinds.ThumbnailQueue));
            release.Release(2);
            await WaitUntil(() => ran.Count(r => r.Kind == JobKinds.Thumbnails) == 1 && fixture.Queue.Counts(JobKinds.ThumbnailQueue).Running == 0);
            await Task.Delay(500);
            Assert.Equal(1, fixture.Queue.Counts(JobKinds.ThumbnailQueue).Pending); // the second waits for power

            tree.UndervoltageAlarm(false);
            Assert.Equal(1, governor.Evaluate().AllowedWorkers(JobKinds.ThumbnailQueue)); // reduced: 1 of 1
            await WaitUntil(() => fixture.Queue.Counts(JobKinds.ThumbnailQueue) is { Pending: 0, Running: 0 });
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
        Assert.All(assets, a => Assert.Single(ran, r => r.Kind == JobKinds.Thumbnails && r.AssetId == a));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 30 s");
            await Task.Delay(20);
        }
    }


    private Dictionary<string, JobHandler> Handlers(JobHandler? thumbnails = null) => new()
    {
        [JobKinds.Metadata] = (job, _) =>
        {
            ran.Enqueue((JobKinds.Metadata, job.AssetId));
            return Task.CompletedTask;
        },
        [JobKinds.Thumbnails] = async (job, cancel) =>
        {
            if (thumbnails is not null)
            {
                await thumbnails(job, cancel);
            }
            ran.Enqueue((JobKinds.Thumbnails, job.AssetId));
        },
        [JobKinds.VideoPlayback] = (job, _) =>
        {
            ran.Enqueue((JobKinds.VideoPlayback, job.AssetId)); // never for the photos these tests add
            return Task.CompletedTask;
        },
        [JobKinds.TierCold] = (job, _) =>
        {
            ran.Enqueue((JobKinds.TierCold, job.AssetId)); // queued only by the tiering scheduler, which these tests do not run
            return Task.CompletedTask;
        },
        [JobKinds.Duplicates] = (job, _) =>
        {
            ran.Enqueue((JobKinds.Duplicates, job.AssetId)); // queued only once thumbnails are stamped, which these handlers do not do
            return Task.CompletedTask;
        },
        [JobKinds.Ocr] = (job, _) =>
        {
            ran.Enqueue((JobKinds.Ocr, job.AssetId)); // like the duplicate search, only after stamped thumbnails
            return Task.CompletedTask;
        },
        [JobKinds.SmartSearch] = (job, _) =>
        {
            ran.Enqueue((JobKinds.SmartSearch, job.AssetId));
            return Task.CompletedTask;
        },
        [JobKinds.Faces] = (job, _) =>
        {
            ran.Enqueue((JobKinds.Faces, job.AssetId));
            return Task.CompletedTask;
        },
        [JobKinds.People] = (job, _) =>
        {
            ran.Enqueue((JobKinds.People, job.AssetId)); // only for assets with faces, which these tests do not have
            return Task.CompletedTask;
        },
    };
}
