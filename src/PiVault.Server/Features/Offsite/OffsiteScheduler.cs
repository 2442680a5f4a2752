using System.Globalization;
using PiVault.Server.Features.Backup;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// Runs the off-site backups: one at a time, each remote when its interval has passed since its last good copy (a
/// failed run is tried again after <see cref="RetryAfter"/>), at once for a remote whose run a crash or power cut cut
/// off, and on demand. Checks every <see cref="Tick"/>; a run outside the remote's time window waits for it.
/// </summary>
public sealed partial class OffsiteScheduler(OffsiteRemotes remotes, OffsiteRunStore runs, OffsiteBackup backup, TimeProvider time,
    ILogger<OffsiteScheduler> logger) : BackgroundService
{
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan RetryAfter = TimeSpan.FromHours(1);

    /// <summary>A good off-site copy older than this many days is a warning on the health page (and the LED's attention).</summary>
    public const int OverdueDays = 14;

    private readonly Lock gate = new();
    private readonly HashSet<string> interrupted = new(StringComparer.Ordinal);
    private (string Remote, Task Task, CancellationTokenSource Stop)? current;
    private OffsiteProgressDto? progress;
    private CancellationToken stopping;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        interrupted.UnionWith(runs.CloseInterrupted(time.GetUtcNow()));
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        stopping = stoppingToken;
        while (!stoppingToken.IsCancellationRequested)
        {
            foreach (var remote in remotes.List().Where(Due))
            {
                Start(remote.Name, interrupted.Contains(remote.Name) ? "resume" : "schedule");
            }
            await Task.Delay(Tick, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }
        if (Running is { } running)
        {
            await running.ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    private bool Due(OffsiteRemote remote)
    {
        if (interrupted.Contains(remote.Name))
        {
            return true;
        }
        var now = time.GetUtcNow();
        var good = runs.Last(remote.Name, goodOnly: true);
        var last = runs.Last(remote.Name);
        var intervalPassed = good is null || good.StartedAt + TimeSpan.FromHours(remote.IntervalHours) <= now;
        var retryPassed = last is null || last.Outcome == BackupRunStore.Succeeded || (last.FinishedAt ?? last.StartedAt) + RetryAfter <= now;
        return intervalPassed && retryPassed;
    }

    /// <summary>Starts a run to <paramref name="name"/> unless one runs (then <c>Started</c> is false). 404 for an unknown remote.</summary>
    public OffsiteStartDto Start(string name, string trigger)
    {
        var remote = remotes.Find(name);
        lock (gate)
        {
            if (current is { } running)
            {
                return new OffsiteStartDto(false, $"An off-site backup to {running.Remote} is already running.", Status());
            }
            interrupted.Remove(name);
            var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            var task = Task.Run(() => RunAsync(remote, trigger, stop.Token), CancellationToken.None);
            current = (name, task, stop);
        }
        LogStarted(logger, name, trigger);
        return new OffsiteStartDto(true, $"Backing up to {name}.", Status());
    }

    /// <summary>The running run's task, or a finished one (tests wait on it).</summary>
    public Task? Running
    {
        get
        {
            lock (gate)
            {
                return current?.Task;
            }
        }
    }

    /// <summary>Stops a running run to <paramref name="name"/> (before removing the remote); the copy up there stays valid.</summary>
    public async Task StopAsync(string name)
    {
        Task? task = null;
        lock (gate)
        {
            if (current is { } running && running.Remote == name)
            {
                running.Stop.Cancel();
                task = running.Task;
            }
        }
        if (task is not null)
        {
            await task.ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    public void Remove(string name)
    {
        lock (gate)
        {
            if (current is { } running && running.Remote == name)
            {
                throw ApiException.Conflict($"An off-site backup to {name} is running: wait for it to finish.");
            }
            remotes.Remove(name);
        }
    }

    public OffsiteStatusDto Status()
    {
        var list = remotes.List().Select(remotes.Dto).ToList();
        var newest = list.Select(r => r.LastGoodRun?.FinishedAt).Where(t => t is not null).Max();
        var age = newest is { } at ? (time.GetUtcNow() - at).TotalDays : (double?)null;
        OffsiteProgressDto? now;
        lock (gate)
        {
            now = current is null ? null : progress;
        }
        return new OffsiteStatusDto(list, now, newest, age is { } a ? Math.Round(a, 2) : null, OverdueDays);
    }

    /// <summary>The running off-site backup in a few words for systemd's STATUS= line, or null.</summary>
    public string? Describe()
    {
        OffsiteProgressDto? p;
        lock (gate)
        {
            p = current is null ? null : progress;
        }
        if (p is null)
        {
            return null;
        }
        var text = string.Create(CultureInfo.InvariantCulture, $"off-site backup to {p.Remote}: {p.Phase}");
        if (p.WaitingFor is { } waiting)
        {
            return text + $", waiting ({waiting})";
        }
        if (p.TotalBytes > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" {100.0 * p.Bytes / p.TotalBytes:F0}% ({p.Bytes / 1048576.0:F1} of {p.TotalBytes / 1048576.0:F1} MB)");
        }
        return p.EtaSeconds is { } eta ? text + string.Create(CultureInfo.InvariantCulture, $", ETA {TimeSpan.FromSeconds(Math.Round(eta)):g}") : text;
    }

    private async Task RunAsync(OffsiteRemote remote, string trigger, CancellationToken cancel)
    {
        try
        {
            var run = await backup.RunAsync(remote, trigger, p => progress = p, cancel);
            LogFinished(logger, remote.Name, run.FilesUploaded, run.BytesUploaded);
        }
        catch (OperationCanceledException)
        {
            LogStopped(logger, remote.Name);
        }
        catch (Exception e) when (e is OffsiteException or BackupException or IOException or UnauthorizedAccessException)
        {
            LogFailed(logger, remote.Name, e.Message);
        }
        finally
        {
            lock (gate)
            {
                current?.Stop.Dispose();
                current = null;
                progress = null;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Off-site backup to {Remote} started ({Trigger})")]
    private static partial void LogStarted(ILogger logger, string remote, string trigger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Off-site backup to {Remote} done: {Files} files, {Bytes} bytes uploaded, verified")]
    private static partial void LogFinished(ILogger logger, string remote, int files, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Off-site backup to {Remote} stopped; the next run resumes")]
    private static partial void LogStopped(ILogger logger, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Off-site backup to {Remote} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string remote, string reason);
}
