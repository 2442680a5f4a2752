using System.Text.Json;
using PiVault.Server.Configuration;
using PiVault.Server.Json;

namespace PiVault.Server.Health;

/// <summary>
/// The last 24 h of governor readings, one sample a minute in a ring buffer. Written to the data dir (a small JSON
/// file, replaced atomically) every ten minutes and at shutdown, and loaded at start, so a restart keeps the graph.
/// </summary>
public sealed partial class HealthHistory : IHostedService, IDisposable
{
    public const int Capacity = 24 * 60;

    private static readonly TimeSpan SampleEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SaveEvery = TimeSpan.FromMinutes(10);
    private readonly HealthGovernor governor;
    private readonly TimeProvider time;
    private readonly ILogger<HealthHistory> logger;
    private readonly Lock gate = new();
    private readonly Queue<HealthSample> samples = new();
    private ITimer? saver;

    public HealthHistory(HealthGovernor governor, PiVaultOptions options, TimeProvider time, ILogger<HealthHistory> logger)
    {
        this.governor = governor;
        this.time = time;
        this.logger = logger;
        FilePath = Path.Combine(options.DataDir, "health-history.json");
        governor.Evaluated += Record;
    }

    public string FilePath { get; }

    public List<HealthSample> Samples()
    {
        lock (gate)
        {
            return [.. samples];
        }
    }

    /// <summary>Takes a sample when a minute has passed since the previous one; older than 24 h falls off.</summary>
    public void Record(GovernorSnapshot snapshot)
    {
        var at = snapshot.At.ToUnixTimeSeconds();
        var sample = new HealthSample(at, snapshot.Reading.CpuTemperatureC, snapshot.Reading.UndervoltageNow,
            snapshot.Reading.Memory is { } m ? Math.Round(m.AvailablePercent, 1) : null, snapshot.Reading.MemoryPressure?.SomeAvg10,
            snapshot.Queues.ToDictionary(q => q.Queue, q => q.AllowedWorkers, StringComparer.Ordinal));
        lock (gate)
        {
            if (samples.Count > 0 && at - samples.Last().At < SampleEvery.TotalSeconds)
            {
                return;
            }
            samples.Enqueue(sample);
            while (samples.Count > Capacity || samples.Peek().At < at - (long)TimeSpan.FromDays(1).TotalSeconds)
            {
                samples.Dequeue();
            }
        }
    }

    public void Load()
    {
        try
        {
            if (!File.Exists(FilePath))
            {
                return;
            }
            var loaded = JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), PiVaultJsonContext.Default.ListHealthSample) ?? [];
            lock (gate)
            {
                samples.Clear();
                foreach (var sample in loaded.OrderBy(s => s.At).TakeLast(Capacity))
                {
                    samples.Enqueue(sample);
                }
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            LogLoadFailed(logger, FilePath, e); // a damaged history is only a lost graph
        }
    }

    public void Save()
    {
        try
        {
            var temp = FilePath + ".tmp";
            File.WriteAllBytes(temp, JsonSerializer.SerializeToUtf8Bytes(Samples(), PiVaultJsonContext.Default.ListHealthSample));
            File.Move(temp, FilePath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogSaveFailed(logger, FilePath, e);
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
