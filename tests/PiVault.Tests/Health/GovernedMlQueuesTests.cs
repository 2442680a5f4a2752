using PiVault.Hardware.Fakes;
using PiVault.Server.Data;
using PiVault.Server.Features.Assets;
using PiVault.Server.Features.Auth;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;
using PiVault.Server.Storage;
using PiVault.Tests.Infrastructure;
using PiVault.Tests.Ml;
using PiVault.Tests.Ml.Clip;

namespace PiVault.Tests.Health;

/// <summary>
/// The heat and upload scenarios of <see cref="GovernedRunnerTests"/> and <see cref="HealthGovernorTests"/> with the ML
/// steps, in the service tier: PiVault's own governor (rules, worker counts, upload activity as registered), its job
/// runner and the production step table over real SQLite; the sensors are a fake sysfs tree and the clock is manual.
/// Text in photos reads with the real PP-OCR models and smart search embeds with the generated CLIP graphs, both from
/// real JPEG previews, so a step that ran leaves its stamp.
/// </summary>
public sealed class GovernedMlQueuesTests : IAsyncLifetime
{
    private static readonly string[] MlQueues = [JobKinds.OcrQueue, JobKinds.SmartSearchQueue];

    private readonly FakeSysfsTree tree = new FakeSysfsTree(TempDir.Create()).IdlePi4();
    private ServiceTier tier = null!;
    private Caller owner = null!;

    public Task InitializeAsync()
    {
        tier = new ServiceTier(configure: o => o with { HealthRoot = tree.Root });
        owner = tier.CreateUser("ann");
        ClipTestModel.Install(tier.Options.ModelsRoot);
        MlTestModels.InstallOcr(tier.Options.ModelsRoot);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await tier.DisposeAsync();
        TempDir.Delete(tree.Root);
    }

    private HealthGovernor Governor => tier.Get<HealthGovernor>();

    [Fact]
    public async Task When_hot_the_ML_queues_pause_first_and_run_once_the_board_has_cooled()
    {
        foreach (var celsius in new double[] { 55, 68, 74, 80 })
        {
            Evaluate(celsius);
        }
        // 80 °C: ML paused (above 78), thumbnails slowed but running (they pause at 82), metadata untouched.
        Assert.All(MlQueues, q => Assert.Equal(0, Governor.AllowedWorkers(q)));
        Assert.True(Governor.AllowedWorkers(JobKinds.ThumbnailQueue) > 0);
        Assert.Equal(Governor.MaxWorkers(JobKinds.MetadataQueue), Governor.AllowedWorkers(JobKinds.MetadataQueue));
        Assert.Contains(Governor.Current.Queues.Single(q => q.Queue == JobKinds.SmartSearchQueue).Reasons, r => r.Contains("paused above 78", StringComparison.Ordinal));

        var photos = Enumerable.Range(0, 3).Select(i => tier.Photo(owner, 700 + i)).ToList();
        var runner = tier.Get<JobRunner>();
        await runner.StartAsync(CancellationToken.None);
        try
        {
            await WaitUntilIdle(JobKinds.MetadataQueue, JobKinds.ThumbnailQueue, JobKinds.DuplicatesQueue);
            await AssertMlHeld(photos);

            Evaluate(76); // cooler, but not by the margin: still paused
            await AssertMlHeld(photos);

            Evaluate(73);
            Assert.All(MlQueues, q => Assert.Equal(1, Governor.AllowedWorkers(q))); // slowed (above 70), no longer paused
            await WaitUntilIdle([.. MlQueues, JobKinds.DuplicatesQueue]);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
        }
        AssertMlDone(photos);
    }

    [Fact]
    public async Task During_uploads_the_ML_queues_yield_and_run_when_the_uploads_are_over()
    {
        // The governor as the host runs it: the first upload re-decides at once, the last one's end after UploadQuiet.
        var uploads = tier.Get<UploadActivity>();
        List<string> photos;
        await Governor.StartAsync(CancellationToken.None);
        var runner = tier.Get<JobRunner>();
        await runner.StartAsync(CancellationToken.None);
        try
        {
            using (uploads.Begin())
            {
                await WaitUntil(() => MlQueues.All(q => Governor.AllowedWorkers(q) == 0));
                Assert.Equal(Governor.MaxWorkers(JobKinds.ThumbnailQueue), Governor.AllowedWorkers(JobKinds.ThumbnailQueue));
                Assert.Contains(Governor.Current.Queues.Single(q => q.Queue == JobKinds.OcrQueue).Reasons,
                    r => r.StartsWith("uploads in progress", StringComparison.Ordinal));
                photos = Enumerable.Range(0, 3).Select(i => tier.Photo(owner, 800 + i)).ToList();
                await WaitUntilIdle(JobKinds.MetadataQueue, JobKinds.ThumbnailQueue, JobKinds.DuplicatesQueue);
                await AssertMlHeld(photos);
            }
            await WaitUntil(() => MlQueues.All(q => Governor.AllowedWorkers(q) == Governor.MaxWorkers(q)));
            await WaitUntilIdle([.. MlQueues, JobKinds.DuplicatesQueue]);
        }
        finally
        {
            await runner.StopAsync(CancellationToken.None);
            await Governor.StopAsync(CancellationToken.None);
        }
        AssertMlDone(photos);
    }

    private void Evaluate(double celsius)
    {
        tree.Temperature(celsius);
        tier.Time.Advance(TimeSpan.FromSeconds(5));
        Governor.Evaluate();
    }

    /// <summary>
    /// The ML jobs wait, none ran (no stamps), while the workers keep polling; meanwhile each photo gets a real JPEG
    /// preview in place of the tier's fake one, for the steps to read once they may.
    /// </summary>
    private async Task AssertMlHeld(List<string> photos)
    {
        (byte, byte, byte)[] colours = [(230, 20, 20), (20, 20, 230), (20, 200, 20)];
        for (var i = 0; i < photos.Count; i++)
        {
            tier.Get<DerivedFileStore>().Write(owner.UserId, photos[i], DerivedKind.Preview, SolidJpeg.Of(320, 240, colours[i]));
        }
        await Task.Delay(500); // paused workers keep polling: give them the chance to claim by mistake
        var queue = tier.Get<JobQueue>();
        Assert.All(MlQueues, q => Assert.Equal((photos.Count, 0L), (queue.Counts(q).Pending, queue.Counts(q).Running)));
        Assert.All(photos, id => Assert.Equal((false, false), Stamps(id)));
    }

    private void AssertMlDone(List<string> photos)
    {
        Assert.All(photos, id => Assert.Equal((true, true), Stamps(id)));
        var queue = tier.Get<JobQueue>();
        Assert.All(JobSteps.Production.Queues.Select(queue.Counts), c => Assert.Equal((c.Queue, 0L, 0L, 0L), (c.Queue, c.Pending, c.Running, c.Failed)));
    }

    /// <summary>Whether text in photos and smart search stamped the photo.</summary>
    private (bool Ocr, bool SmartSearch) Stamps(string id)
    {
        using var db = tier.Database.Open();
        var stamps = db.Query("SELECT ocr_at IS NOT NULL, smart_search_at IS NOT NULL FROM assets WHERE id = $id;",
            r => (r.GetInt64(0) == 1, r.GetInt64(1) == 1), ("$id", id));
        return Assert.Single(stamps);
    }

    private Task WaitUntilIdle(params string[] queues) =>
        WaitUntil(() => queues.Select(tier.Get<JobQueue>().Counts).All(c => c is { Pending: 0, Running: 0 }));

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 60 s");
            await Task.Delay(20);
        }
    }
}
