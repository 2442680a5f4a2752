using PiVault.Server.Features.Duplicates;
using PiVault.Server.Features.Faces;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Ocr;
using PiVault.Server.Features.People;
using PiVault.Server.Features.SmartSearch;
using PiVault.Server.Features.Tiering;
using PiVault.Server.Queue;

namespace PiVault.Server.Pipeline;

/// <summary>
/// One kind of work in the media pipeline, with every fact about it in one row: the queue it runs on (what the admin
/// pauses and the governor throttles), how hard it loads the board, which assets it is for, the <c>assets</c> column
/// its completion stamps, the code that runs it, the steps it starts when it finishes, and the names the UI uses.
/// </summary>
/// <param name="AppliesTo">A condition on an <c>assets</c> row: jobs are queued only for those, and the admin's "missing"/"all" use it too.</param>
/// <param name="DoneColumn">The <c>assets</c> column the step stamps with its completion time (<c>AssetStore.MarkStepDone</c>); null means not done.</param>
/// <param name="Handler">Builds the step's handler from the services; null only in a table under test, and then start-up fails.</param>
/// <param name="Workers">How many workers its queue has on a board with this many cores (the governor may allow fewer at any moment).</param>
/// <param name="Label">The name a household member knows the step's queue by.</param>
/// <param name="One">What one job of this step is called in a count ("3 thumbnails failed").</param>
/// <param name="MakesDerivedFiles">Its output is files under <c>thumbs/</c>, which backups leave out: a restore queues it again.</param>
/// <param name="FollowsOnlyWhenDone">Its follow-ups are queued only when its done column is stamped (the job did its work), not whenever it ends.</param>
public sealed record JobStep(
    string Kind, string Queue, QueueLoad Load, Func<int, int> Workers, string AppliesTo, string DoneColumn, Func<IServiceProvider, JobHandler>? Handler,
    IReadOnlyList<string> FollowUps, string Label, string One, string Many, bool StartsOnUpload = false, bool MakesDerivedFiles = false,
    bool FollowsOnlyWhenDone = false);

/// <summary>
/// The table of job steps. <see cref="Production"/> is the one PiVault runs; <see cref="JobPipeline"/> checks it at
/// start-up (every kind has a handler, every follow-up is a kind, one load per queue). A new kind of work (CLIP,
/// faces, OCR, ...) is one new row here and one handler; nothing else lists the kinds.
/// </summary>
public sealed class JobSteps : IJobCatalog
{
    private readonly Dictionary<string, JobStep> byKind;

    public JobSteps(IReadOnlyList<JobStep> steps)
    {
        All = steps;
        byKind = new Dictionary<string, JobStep>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            byKind.TryAdd(step.Kind, step); // a duplicate is reported by Problems()
        }
        Queues = steps.Select(s => s.Queue).Distinct(StringComparer.Ordinal).ToList();
    }

    public static JobSteps Production { get; } = new(
    [
        // Metadata is a few milliseconds of parsing: one worker per two cores keeps up with any upload.
        new(JobKinds.Metadata, JobKinds.MetadataQueue, QueueLoad.Light, HalfTheCores, "1", "metadata_at",
            services => (job, cancel) => services.GetRequiredService<MetadataService>().ExtractAsync(job.AssetId!, cancel),
            [JobKinds.Thumbnails], "Photo details", "photo-details job", "photo-details jobs", StartsOnUpload: true),
        // A backlog of thumbnails uses the whole CPU, one single-threaded libvips pipeline per core (ThumbnailConcurrency);
        // the governor takes cores back while uploads arrive, the board is hot or memory is short (docs/pipeline.md).
        new(JobKinds.Thumbnails, JobKinds.ThumbnailQueue, QueueLoad.Heavy, AllCores, "type IN ('image', 'video')", "thumbnails_at",
            services => (job, cancel) => Permanent(services.GetRequiredService<ThumbnailService>().GenerateAsync(job.AssetId!, cancel)),
            [JobKinds.VideoPlayback, JobKinds.Ocr, JobKinds.Duplicates, JobKinds.SmartSearch, JobKinds.Faces], "Thumbnails", "thumbnail", "thumbnails", MakesDerivedFiles: true),
        // One conversion at a time: each ffmpeg run already uses two threads.
        new(JobKinds.VideoPlayback, JobKinds.VideoQueue, QueueLoad.Heavy, _ => 1, "type = 'video'", "playback_at",
            services => (job, cancel) => Permanent(services.GetRequiredService<VideoPlaybackService>().PrepareAsync(job.AssetId!, cancel)),
            [], "Video conversion", "video conversion", "video conversions", MakesDerivedFiles: true),
        // Moving an original to the cold drive (or a favourite pinned later back) is disk work, not CPU: one at a time,
        // light, queued only when a cold tier is configured (TieringScheduler); the job checks again where the original
        // belongs now (docs/storage.md).
        new(JobKinds.TierCold, JobKinds.StorageQueue, QueueLoad.Light, _ => 1, "library_id IS NULL AND (original_tier = 'hot' OR is_favorite = 1)", "tiered_at",
            services => (job, cancel) => services.GetRequiredService<TieringJob>().RunAsync(job.AssetId!, cancel),
            [], "Cold storage", "move to cold storage", "moves to cold storage"),
        // Text in photos reads the preview the thumbnail step made. Each ML queue has MlInferencesAtOnce workers, each
        // inference MlThreadsPerInference threads; the ML queues share those inferences (MlSlots, docs/pipeline.md).
        // Without the model the job ends unstamped (docs/ocr.md).
        new(JobKinds.Ocr, JobKinds.OcrQueue, QueueLoad.Ml, MlInferencesAtOnce, "type IN ('image', 'video') AND thumbnails_at IS NOT NULL", "ocr_at",
            services => (job, cancel) => Permanent(services.GetRequiredService<OcrService>().ReadAsync(job.AssetId!, cancel)),
            [], "Text in photos", "text-in-photo read", "text-in-photo reads"),
        // CLIP on the preview, sharing the ML inferences like OCR; the job ends without stamping while the model or sqlite-vec is missing, so installing one later and "missing" fill in.
        // The duplicate search follows again, only when an embedding was stored (FollowsOnlyWhenDone): it is the search's
        // second look-alike signal (photos only: AppliesTo). Without a CLIP model the duplicate search runs once, after the thumbnails.
        new(JobKinds.SmartSearch, JobKinds.SmartSearchQueue, QueueLoad.Ml, MlInferencesAtOnce, "type IN ('image', 'video') AND thumbnails_at IS NOT NULL", "smart_search_at",
            services => (job, cancel) => Permanent(services.GetRequiredService<SmartSearchService>().EmbedAsync(job.AssetId!, cancel)),
            [JobKinds.Duplicates], "Smart search", "smart-search job", "smart-search jobs", FollowsOnlyWhenDone: true),
        // Faces on the preview: detect, align, embed (docs/faces.md), sharing the ML inferences like OCR.
        // Without face models the job ends unstamped, so installing them later and "missing" fill in.
        new(JobKinds.Faces, JobKinds.FacesQueue, QueueLoad.Ml, MlInferencesAtOnce, "type IN ('image', 'video') AND thumbnails_at IS NOT NULL", "faces_at",
            services => (job, cancel) => Permanent(services.GetRequiredService<FaceDetectionService>().DetectAsync(job.AssetId!, cancel)),
            [JobKinds.People], "Faces", "face detection", "face detections", FollowsOnlyWhenDone: true),
        // A perceptual hash of the stored preview (a shrink-on-load decode to 32 × 32, a few ms), an indexed look-up of the
        // owner's near hashes and the photo's nearest CLIP embeddings when it has one: light work, one worker; photos only,
        // once their preview exists. It runs after the thumbnails and again after smart search stored an embedding; each
        // run redoes the whole comparison, so running twice is harmless (docs/duplicates.md).
        new(JobKinds.Duplicates, JobKinds.DuplicatesQueue, QueueLoad.Light, _ => 1, "type = 'image' AND thumbnails_at IS NOT NULL", "duplicates_at",
            services => (job, cancel) => Permanent(services.GetRequiredService<DuplicateJob>().RunAsync(job.AssetId!, cancel)),
            [], "Duplicate search", "duplicate search", "duplicate searches"),
        // Putting an asset's stored faces with people: a few KNN queries per face, light, one worker (Immich's recognition
        // queue is not concurrent either: two faces of one newcomer must not each start a person). Follows asset.faces.
        new(JobKinds.People, JobKinds.PeopleQueue, QueueLoad.Light, _ => 1, "faces_at IS NOT NULL", "people_at",
            services => (job, cancel) => services.GetRequiredService<PeopleJob>().RunAsync(job.AssetId!, cancel),
            [], "People", "people job", "people jobs"),
    ]);

    public IReadOnlyList<JobStep> All { get; }

    /// <summary>Each queue's workers on a board with <paramref name="cores"/> cores: the most any of its steps asks for, at least one.</summary>
    public Dictionary<string, int> WorkersPerQueue(int cores) =>
        Queues.ToDictionary(q => q, q => Math.Max(1, InQueue(q).Max(s => s.Workers(cores))), StringComparer.Ordinal);

    /// <summary>
    /// libvips threads per image: the cores shared among the thumbnail workers, so that a full thumbnail queue uses
    /// every core once (one thread per pipeline when there is a worker per core).
    /// </summary>
    public int ThumbnailConcurrency(int cores) => Math.Max(1, cores / WorkersPerQueue(cores)[Of(JobKinds.Thumbnails).Queue]);

    /// <summary>Every queue, in the order of its first step.</summary>
    public IReadOnlyList<string> Queues { get; }

    /// <summary>What an upload starts, in the same transaction as the asset's row.</summary>
    public IEnumerable<JobStep> StartSteps => All.Where(s => s.StartsOnUpload);

    string IJobCatalog.QueueOf(string kind) => Of(kind).Queue;

    string IJobCatalog.AppliesTo(string kind) => Of(kind).AppliesTo;

    string IJobCatalog.DoneColumn(string kind) => Of(kind).DoneColumn;

    IReadOnlyList<string> IJobCatalog.StartKinds => StartSteps.Select(s => s.Kind).ToList();

    public JobStep Of(string kind) =>
        byKind.TryGetValue(kind, out var step) ? step : throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown job kind.");

    public bool HasQueue(string queue) => Queues.Contains(queue, StringComparer.Ordinal);

    /// <summary>The steps that run on a queue; a queue may carry several kinds.</summary>
    public IReadOnlyList<JobStep> InQueue(string queue) => All.Where(s => s.Queue == queue).ToList();

    /// <summary>The problems that make this table unfit to run, empty when there are none.</summary>
    public List<string> Problems()
    {
        var problems = new List<string>();
        var missing = All.Where(s => s.Handler is null).Select(s => s.Kind).ToList();
        if (missing.Count > 0)
        {
            problems.Add($"No handler for job kinds: {string.Join(", ", missing)}.");
        }
        problems.AddRange(All.SelectMany(s => s.FollowUps.Where(f => !byKind.ContainsKey(f)).Select(f => $"{s.Kind} is followed by unknown kind {f}.")));
        problems.AddRange(All.GroupBy(s => s.Queue).Where(q => q.Select(s => s.Load).Distinct().Count() > 1)
            .Select(q => $"Queue {q.Key} mixes loads ({string.Join(", ", q.Select(s => s.Load).Distinct())}): the governor throttles a queue as one."));
        if (All.Count != byKind.Count)
        {
            problems.Add("A job kind appears twice.");
        }
        return problems;
    }

    /// <summary>
    /// ONNX Runtime threads per ML inference: half the cores. ML work scales better over photos than over threads (OCR
    /// gains 1.1–1.35× from a second thread, but 1.5–1.7× from a second photo: bench/results/ml.md), so the cores go to
    /// <see cref="MlInferencesAtOnce"/> photos at a time rather than to one photo's threads.
    /// </summary>
    public static int MlThreadsPerInference(int cores) => HalfTheCores(cores);

    /// <summary>
    /// ML inferences at a time, across all the ML queues together (<see cref="MlSlots"/>): with
    /// <see cref="MlThreadsPerInference"/> threads each, every core once — two photos at a time on a Pi 4 and here —
    /// whether one ML step has a backlog or all three do. Each ML queue has this many workers.
    /// </summary>
    public static int MlInferencesAtOnce(int cores) => Math.Max(1, cores / MlThreadsPerInference(cores));

    /// <summary>The queues of ML steps, which share <see cref="MlInferencesAtOnce"/>.</summary>
    public IEnumerable<string> MlQueues => Queues.Where(q => InQueue(q).Any(s => s.Load == QueueLoad.Ml));

    private static int HalfTheCores(int cores) => Math.Max(1, cores / 2);

    private static int AllCores(int cores) => Math.Max(1, cores);

    /// <summary>A file that cannot be decoded fails its job at once, with the decoder's message kept for the admin and the UI.</summary>
    private static async Task Permanent(Task step)
    {
        try
        {
            await step;
        }
        catch (UndecodableMediaException e)
        {
            throw new PermanentJobException(e.Message);
        }
    }
}
