using System.Text.Json;
using Microsoft.Data.Sqlite;
using PiVault.Server.Configuration;
using PiVault.Server.Json;
using PiVault.Server.Queue;

namespace PiVault.Server.Health;

/// <summary>
/// The last 24 h of governor readings, one sample a minute in a ring buffer, and the health events (episodes of
/// under-voltage, throttling, heat pauses) seen at every evaluation. Written to the data dir (a small JSON file,
/// replaced atomically) every ten minutes, soon after a new event, and at shutdown, and loaded at start, so a
/// restart keeps the graph and the day's counts.
/// </summary>
public sealed partial class HealthHistory : IHostedService, IDisposable
{
    public const int Capacity = 24 * 60;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(10);
    private readonly HealthGovernor governor;
    private readonly JobQueue? queue;
    private readonly TimeProvider time;
    private readonly ILogger<HealthHistory> logger;
    private readonly Lock gate = new();
    private readonly Lock saving = new();
    private readonly Queue<HealthSample> samples = new();
    private ITimer? saver;
    private long savedAt;
    private volatile bool loaded;

    /// <param name="queue">Where the samples' queue depths come from; without it (unit tests) samples carry none.</param>
    public HealthHistory(HealthGovernor governor, PiVaultOptions options, TimeProvider time, ILogger<HealthHistory> logger, JobQueue? queue = null)
    {
        this.governor = governor;
        this.queue = queue;
        this.time = time;
        this.logger = logger;
        FilePath = Path.Combine(options.DataDir, "health-history.json");
        governor.Evaluated += Record;
    }

    public string FilePath { get; }

    public HealthEvents Events { get; } = new();

    public List<HealthSample> Samples()
    {
        lock (gate)
        {
            return [.. samples];
        }
    }

    /// <summary>
    /// Notes the events every evaluation; takes a sample when a minute has passed since the previous one. Older than
    /// 24 h falls off.
    /// </summary>
    public void Record(GovernorSnapshot snapshot)
    {
        var at = snapshot.At.ToUnixTimeSeconds();
        if (Events.Observe(snapshot) && loaded && at - Interlocked.Read(ref savedAt) >= SampleEvery.TotalSeconds)
        {
            Save(); // a weak supply may take the board down next: keep the episode (once the file is loaded, never over it)
        }
        lock (gate)
        {
            if (samples.Count > 0 && at - samples.Last().At < SampleEvery.TotalSeconds)
            {
                return;
            }
        }
        var sample = new HealthSample(at, snapshot.Reading.CpuTemperatureC, snapshot.Reading.UndervoltageNow,
            snapshot.Reading.Memory is { } m ? Math.Round(m.AvailablePercent, 1) : null, snapshot.Reading.MemoryPressure?.SomeAvg10,
            snapshot.Queues.ToDictionary(q => q.Queue, q => q.AllowedWorkers, StringComparer.Ordinal), PendingJobs(snapshot));
        lock (gate)
        {
            if (samples.Count > 0 && at - samples.Last().At < SampleEvery.TotalSeconds)
            {
                return; // another evaluation took this minute's sample meanwhile
            }
            samples.Enqueue(sample);
            while (samples.Count > Capacity || samples.Peek().At < at - (long)TimeSpan.FromDays(1).TotalSeconds)
            {
                samples.Dequeue();
            }
        }
    }

    /// <summary>
    /// Loads the file, keeping anything recorded since start-up (the governor evaluates before the history starts).
    /// Reads the first format too, a bare array of samples.
    /// </summary>
    public void Load()
    {
        try
        {
            if (!File.Exists(FilePath))
            {
                loaded = true;
                return;
            }
            var bytes = File.ReadAllBytes(FilePath);
            var file = bytes.AsSpan().TrimStart(" \t\r\n"u8).StartsWith("["u8)
                ? new HealthHistoryFile(JsonSerializer.Deserialize(bytes, PiVaultJsonContext.Default.ListHealthSample) ?? [], [])
                : JsonSerializer.Deserialize(bytes, PiVaultJsonContext.Default.HealthHistoryFile);
            lock (gate)
            {
                var merged = (file?.Samples ?? []).Concat(samples).DistinctBy(s => s.At).OrderBy(s => s.At).TakeLast(Capacity).ToList();
                samples.Clear();
                merged.ForEach(samples.Enqueue);
            }
            Events.Restore(file?.Events ?? []);
            loaded = true;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            LogLoadFailed(logger, FilePath, e); // a damaged history is only a lost graph
        }
    }

    public void Save()
    {
        lock (saving)
        {
            try
            {
                var temp = FilePath + ".tmp";
                var file = new HealthHistoryFile(Samples(), Events.All());
                File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(file, PiVaultJsonContext.Default.HealthHistoryFile));
                File.Move(temp, FilePath, overwrite: true);
                Interlocked.Exchange(ref savedAt, time.GetUtcNow().ToUnixTimeSeconds());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LogSaveFailed(logger, FilePath, e);
            }
        }
    }

    /// <summary>Waiting jobs of each queue that has any; null when there is no queue to ask or it cannot answer now.</summary>
    private Dictionary<string, long>? PendingJobs(GovernorSnapshot snapshot)
    {
        if (queue is null)
        {
            return null;
        }
        try
        {
            return snapshot.Queues.Select(q => (q.Queue, queue.Counts(q.Queue).Pending)).Where(q => q.Pending > 0)
                .ToDictionary(q => q.Queue, q => q.Pending, StringComparer.Ordinal);
        }
        catch (SqliteException)
        {
            return null; // a busy or failing database costs one point of the graph, not the governor's evaluation
        }
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Load();
        saver = time.CreateTimer(_ => Save(), null, SaveEvery, SaveEvery);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        saver?.Dispose();
        Save();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        governor.Evaluated -= Record;
        saver?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the health history from {Path}")]
    private static partial void LogLoadFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not save the health history to {Path}")]
    private static partial void LogSaveFailed(ILogger logger, string path, Exception exception);
}
