using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using PiVault.Server.Data;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Pipeline;

/// <summary>The queue and runner over a real migrated SQLite file, with handlers that record what ran.</summary>
public sealed class JobRunnerTests : IDisposable
{
    private readonly QueueFixture fixture = new(new ManualTime(DateTimeOffset.Parse("2026-05-01T10:00:00Z", CultureInfo.InvariantCulture)));
    private readonly ConcurrentQueue<(string Kind, string? AssetId)> ran = new();

    [Fact]
    public async Task Metadata_then_thumbnails_run_in_order_and_the_queue_empties()
    {
        var assets = Enumerable.Range(0, 5).Select(_ => AddAsset()).ToList();
        await RunUntilIdleAsync(Handlers());

        foreach (var asset in assets)
        {
            var steps = ran.Where(r => r.AssetId == asset).Select(r => r.Kind).ToList();
            Assert.Equal([JobKinds.Metadata, JobKinds.Thumbnails], steps);
        }
        AssertQueuesEmpty();
    }

    [Fact]
    public async Task A_failing_job_retries_with_back_off_then_succeeds()
    {
        var asset = AddAsset();
        var failuresLeft = 1;
        var handlers = Handlers(thumbnails: (_, _) => Interlocked.Decrement(ref failuresLeft) >= 0 ? throw new IOException("disk hiccup") : Task.CompletedTask);

        await RunUntilIdleAsync(handlers);
        var counts = fixture.Queue.Counts(JobKinds.ThumbnailQueue);
        Assert.Equal((0L, 1L), (counts.Pending, counts.Delayed)); // waiting for its back-off

        fixture.Time.Advance(JobRunner.Backoff(1) + TimeSpan.FromSeconds(1));
        await RunUntilIdleAsync(handlers);
        AssertQueuesEmpty();
        Assert.Equal(1, ran.Count(r => r.Kind == JobKinds.Thumbnails && r.AssetId == asset));
    }

    [Fact]
    public async Task A_permanently_failing_job_keeps_its_error_and_does_not_block_the_others()
    {
        var broken = AddAsset();
        var fine = AddAsset();
        var handlers = Handlers(thumbnails: (job, _) => job.AssetId == broken ? throw new PermanentJobException("VipsJpeg: premature end of JPEG image") : Task.CompletedTask);

        await RunUntilIdleAsync(handlers);

        var failed = Assert.Single(fixture.Queue.ListFailed(JobKinds.ThumbnailQueue, 10));
        Assert.Equal((broken, "VipsJpeg: premature end of JPEG image"), (failed.AssetId, failed.Error));
        Assert.Contains((JobKinds.Thumbnails, fine), ran);
        Assert.Equal(1, fixture.Queue.Counts(JobKinds.ThumbnailQueue).Failed);

        // Re-run failed: this time it works, and the failure is gone.
        var retried = fixture.Queue.RetryFailed(JobKinds.ThumbnailQueue);
        Assert.Equal(1, retried);
        await RunUntilIdleAsync(Handlers());
        AssertQueuesEmpty();
    }

    [Fact]
    public async Task An_ordinary_error_fails_for_good_after_the_last_attempt()
    {
        AddAsset();
        var handlers = Handlers(metadata: (_, _) => throw new InvalidOperationException("always broken"));
        for (var attempt = 1; attempt <= JobRunner.MaxAttempts; attempt++)
        {
            await RunUntilIdleAsync(handlers);
            fixture.Time.Advance(JobRunner.Backoff(attempt) + TimeSpan.FromSeconds(1));
        }
        var failed = Assert.Single(fixture.Queue.ListFailed(JobKinds.MetadataQueue, 10));
        Assert.Equal((JobRunner.MaxAttempts, "always broken"), (failed.Attempts, failed.Error));
        Assert.DoesNotContain(ran, r => r.Kind == JobKinds.Thumbnails);
    }

    [Fact]
    public async Task The_ML_queues_share_their_inferences_and_take_turns()
    {
        // A Pi 4's limits: two workers per ML queue, two inferences at a time across OCR, smart search and faces.
        var limits = new FixedWorkerLimits(JobSteps.Production.WorkersPerQueue(4));
        Assert.Equal(2, JobSteps.MlInferencesAtOnce(4));
        Assert.All(JobSteps.Production.MlQueues, q => Assert.Equal(2, limits.MaxWorkers(q)));
        var assets = Enumerable.Range(0, 6).Select(_ => AddAsset()).ToList();
        QueueMlJobs([.. assets.Select(asset => (JobKinds.Ocr, asset)), // a backlog of text to read ...
            (JobKinds.SmartSearch, assets[0]), (JobKinds.Faces, assets[0])]); // ... queued before one photo's CLIP and faces
        var inferences = new InferenceProbe(TimeSpan.FromMilliseconds(150));
        var handlers = Handlers();
        foreach (var kind in new[] { JobKinds.Ocr, JobKinds.SmartSearch, JobKinds.Faces })
        {
            handlers[kind] = Recording(kind, inferences.Handler(kind));
        }

        await RunUntilIdleAsync(handlers, limits);

        Assert.Equal(2, inferences.Most); // two photos at a time, never three queues' worth
        var order = inferences.Finished.ToList();
        Assert.Equal(8, order.Count);
        // Smart search and faces took their turns instead of waiting for the whole OCR backlog.
        Assert.True(order.IndexOf(JobKinds.SmartSearch) < order.LastIndexOf(JobKinds.Ocr) && order.IndexOf(JobKinds.Faces) < order.LastIndexOf(JobKinds.Ocr),
            string.Join(", ", order));
        AssertQueuesEmpty();
    }

    [Fact]
    public async Task When_the_governor_slows_ML_the_queues_share_what_it_allows()
    {
        // Above 70 °C the governor halves the ML queues (two workers → one): one inference at a time across all three.
        var limits = new SlowedLimits(JobSteps.Production.WorkersPerQueue(4), JobSteps.Production.MlQueues.ToHashSet());
        var assets = Enumerable.Range(0, 3).Select(_ => AddAsset()).ToList();
        QueueMlJobs([.. assets.Select(asset => (JobKinds.Ocr, asset)), .. assets.Select(asset => (JobKinds.Faces, asset))]);
        var inferences = new InferenceProbe(TimeSpan.FromMilliseconds(50));
        var handlers = Handlers();
        handlers[JobKinds.Ocr] = Recording(JobKinds.Ocr, inferences.Handler(JobKinds.Ocr));
        handlers[JobKinds.Faces] = Recording(JobKinds.Faces, inferences.Handler(JobKinds.Faces));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await RunUntilIdleAsync(handlers, limits);

        Assert.Equal(1, inferences.Most);
        // Each finished inference hands its slot over at once: waking one worker of a queue could wake one above the limit,
        // and then every hand-over waited for the 2 s idle poll (about 8 s for these six jobs).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"took {clock.Elapsed}");
        Assert.Equal(6, ran.Count(r => r.Kind is JobKinds.Ocr or JobKinds.Faces));
    }

    /// <summary>Leaves only the given ML jobs queued, for assets whose previews exist (the thumbnails are done).</summary>
    private void QueueMlJobs(IEnumerable<(string Kind, string Asset)> jobs)
    {
        using var db = fixture.Database.Open();
        db.Execute("DELETE FROM jobs; UPDATE assets SET thumbnails_at = 0;");
        foreach (var (kind, asset) in jobs)
        {
            fixture.Queue.Enqueue(db, kind, asset);
        }
    }

    /// <summary>Stand-in inferences that take a while and record how many ran at once and in which order they finished.</summary>
    private sealed class InferenceProbe(TimeSpan duration)
    {
        private readonly Lock gate = new();
        private int running;

        public int Most { get; private set; }

        public ConcurrentQueue<string> Finished { get; } = new();

        public JobHandler Handler(string kind) => async (_, cancel) =>
        {
            lock (gate)
            {
                Most = Math.Max(Most, ++running);
            }
            await Task.Delay(duration, cancel);
            lock (gate)
            {
                running--;
            }
            Finished.Enqueue(kind);
        };
    }

    /// <summary>The governor's limits with the ML queues at half their workers, as above 70 °C.</summary>
    private sealed class SlowedLimits(IReadOnlyDictionary<string, int> workers, HashSet<string> slowed) : IWorkerLimits
    {
        public event Action<string>? LimitRaised
        {
            add { }
            remove { }
        }

        public int MaxWorkers(string queue) => workers[queue];

        public int AllowedWorkers(string queue) => slowed.Contains(queue) ? Math.Max(1, workers[queue] / 2) : workers[queue];
    }

    [Fact]
    public void Unfinished_jobs_are_those_ready_to_claim_and_those_running_and_none_while_paused()
    {
        // "Thumbnails first" holds ML back until this is 0: a photo whose thumbnail is being made still waits for it.
        var (first, second) = (AddAsset(), AddAsset());
        Assert.Equal(2, fixture.Queue.Unfinished(JobKinds.MetadataQueue));
        var claimed = fixture.Queue.Claim(JobKinds.MetadataQueue);
        Assert.Contains(claimed!.AssetId, new[] { first, second });
        Assert.Equal(2, fixture.Queue.Unfinished(JobKinds.MetadataQueue)); // one ready, one running

        fixture.Queue.SetPaused(JobKinds.MetadataQueue, true);
        Assert.Equal(0, fixture.Queue.Unfinished(JobKinds.MetadataQueue)); // an admin's pause does not hold other queues back
        fixture.Queue.SetPaused(JobKinds.MetadataQueue, false);
        using (var db = fixture.Database.Open())
        {
            db.Execute("UPDATE jobs SET run_after = $later WHERE state = 'pending';", ("$later", fixture.Time.GetUtcNow().AddMinutes(5).ToDb()));
        }
        Assert.Equal(1, fixture.Queue.Unfinished(JobKinds.MetadataQueue)); // a retry waiting for its back-off is not due
    }

    [Fact]
    public void Identical_pending_jobs_are_not_doubled_and_jobs_of_deleted_assets_are_not_added()
    {
        var asset = AddAsset();
        using var db = fixture.Database.Open();
        Assert.False(fixture.Queue.Enqueue(db, JobKinds.Metadata, asset)); // AddAsset queued it already
        Assert.True(fixture.Queue.Enqueue(db, JobKinds.Thumbnails, asset));
        Assert.False(fixture.Queue.Enqueue(db, JobKinds.Thumbnails, asset));
        Assert.False(fixture.Queue.Enqueue(db, JobKinds.Thumbnails, "no-such-asset"));
        Assert.Equal(1, fixture.Queue.Counts(JobKinds.ThumbnailQueue).Pending);
    }

    [Fact]
    public async Task Jobs_that_were_running_when_the_process_died_run_again()
    {
        var asset = AddAsset();
        var claimed = fixture.Queue.Claim(JobKinds.MetadataQueue); // as if a worker took it and the power went
        Assert.NotNull(claimed);
        Assert.Equal(1, fixture.Queue.Counts(JobKinds.MetadataQueue).Running);

        await RunUntilIdleAsync(Handlers()); // a new runner recovers it at start-up
        Assert.Equal([JobKinds.Metadata, JobKinds.Thumbnails], ran.Where(r => r.AssetId == asset).Select(r => r.Kind).ToList());
        AssertQueuesEmpty();
    }

    [Fact]
    public async Task A_paused_queue_holds_its_jobs_until_resumed()
    {
        AddAsset();
        fixture.Queue.SetPaused(JobKinds.ThumbnailQueue, true);
        await RunUntilIdleAsync(Handlers());
        Assert.Single(ran); // metadata only
        Assert.True(fixture.Queue.Counts(JobKinds.ThumbnailQueue) is { Pending: 1, Paused: true });

        fixture.Queue.SetPaused(JobKinds.ThumbnailQueue, false);
        await RunUntilIdleAsync(Handlers());
        AssertQueuesEmpty();
    }

    [Fact]
    public async Task Stopping_mid_job_requeues_it_without_counting_the_attempt()
    {
        AddAsset();
        using var started = new SemaphoreSlim(0);
        var handlers = Handlers(metadata: async (_, cancel) =>
        {
            started.Release();
            await Task.Delay(Timeout.Infinite, cancel);
        });
        using var runner = new JobRunner(fixture.Queue, new JobPipeline(handlers), FixedWorkerLimits.ForThisMachine(JobSteps.Production.Queues), fixture.Database, NullLogger<JobRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        await runner.StopAsync(CancellationToken.None);

        var counts = fixture.Queue.Counts(JobKinds.MetadataQueue);
        Assert.Equal((1L, 0L), (counts.Pending, counts.Running));
        var job = fixture.Queue.Claim(JobKinds.MetadataQueue);
        Assert.Equal(1, job!.Attempts); // the interrupted attempt was not counted
    }

    public void Dispose() => fixture.Dispose();

    private string AddAsset() => fixture.AddAsset();


    private Dictionary<string, JobHandler> Handlers(JobHandler? metadata = null, JobHandler? thumbnails = null) => new()
    {
        [JobKinds.Metadata] = Recording(JobKinds.Metadata, metadata),
        [JobKinds.Thumbnails] = Recording(JobKinds.Thumbnails, thumbnails),
        [JobKinds.VideoPlayback] = Recording(JobKinds.VideoPlayback, null), // photos only here: the video step never runs
        [JobKinds.TierCold] = Recording(JobKinds.TierCold, null), // queued only by the tiering scheduler, which these tests do not run
        [JobKinds.Ocr] = Recording(JobKinds.Ocr, null), // like the duplicate search, only after stamped thumbnails
        [JobKinds.SmartSearch] = Recording(JobKinds.SmartSearch, null),
        [JobKinds.Faces] = Recording(JobKinds.Faces, null),
        [JobKinds.Duplicates] = Recording(JobKinds.Duplicates, null), // queued only once thumbnails are stamped, which these handlers do not do (nor after smart search)
        [JobKinds.People] = Recording(JobKinds.People, null), // only for assets with faces, which these tests do not have
    };

    [Fact]
    public async Task Starting_keeps_a_pool_thread_ready_for_every_worker_beside_one_per_core()
    {
        // The steps block their thread while libvips draws: without threads in reserve, requests wait for the pool to grow.
        var limits = FixedWorkerLimits.ForThisMachine(JobSteps.Production.Queues);
        using var runner = new JobRunner(fixture.Queue, new JobPipeline(Handlers()), limits, fixture.Database, NullLogger<JobRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        await runner.StopAsync(CancellationToken.None);

        ThreadPool.GetMinThreads(out var ready, out _);
        Assert.True(ready >= Environment.ProcessorCount + JobSteps.Production.Queues.Sum(limits.MaxWorkers), $"{ready} threads ready");
    }

    private JobHandler Recording(string kind, JobHandler? inner) => async (job, cancel) =>
    {
        if (inner is not null)
        {
            await inner(job, cancel);
        }
        ran.Enqueue((kind, job.AssetId));
    };

    /// <summary>Runs a fresh runner until no job is due or running, then stops it.</summary>
    private async Task RunUntilIdleAsync(Dictionary<string, JobHandler> handlers, IWorkerLimits? limits = null)
    {
        using var runner = new JobRunner(fixture.Queue, new JobPipeline(handlers), limits ?? FixedWorkerLimits.ForThisMachine(JobSteps.Production.Queues), fixture.Database, NullLogger<JobRunner>.Instance);
        await runner.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (JobSteps.Production.Queues.Select(fixture.Queue.Counts).Any(c => (c.Pending > 0 && !c.Paused) || c.Running > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "jobs did not finish within 20 s");
            await Task.Delay(20);
        }
        await runner.StopAsync(CancellationToken.None);
    }

    private void AssertQueuesEmpty()
    {
        foreach (var counts in JobSteps.Production.Queues.Select(fixture.Queue.Counts))
        {
            Assert.Equal((0L, 0L, 0L, 0L), (counts.Pending, counts.Running, counts.Failed, counts.Delayed));
        }
    }
}
