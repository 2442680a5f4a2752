using PiVault.Server.Data;
using PiVault.Server.Storage;

namespace PiVault.Server.Features.Takeout;

/// <summary>
/// Runs imports in the background, one at a time, oldest first, and resumes the one a restart or power cut interrupted.
/// A hosted service rather than a row of the job-step table: a job step is per-asset work stamped in an <c>assets</c>
/// column and watched by the stuck-job watchdog, while an import is one long run over archives that checkpoints per
/// entry. What it imports gets the usual per-asset steps (metadata, thumbnails, ...), which the governor throttles;
/// the import itself gives way to uploads and heat between entries (<see cref="TakeoutImporter"/>).
/// </summary>
public sealed partial class TakeoutImportRunner(
    Database database, TakeoutImportStore store, TakeoutImporter importer, TimeProvider time, ILogger<TakeoutImportRunner> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DiskFaultDelay = TimeSpan.FromSeconds(30);
    private readonly SemaphoreSlim wake = new(0);
    private readonly Lock gate = new();
    private (string Id, CancellationTokenSource Cancel)? running;

    /// <summary>An import was queued: start it now rather than at the next poll.</summary>
    public void Wake() => wake.Release();

    /// <summary>Stops the import if it is the one running (its state was already set to cancelled).</summary>
    public void Cancel(string importId)
    {
        lock (gate)
        {
            if (running is { } current && current.Id == importId)
            {
                current.Cancel.Cancel();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            ImportRecord? next;
            using (var db = database.Open())
            {
                next = store.NextActive(db);
            }
            if (next is null)
            {
                await WaitAsync(Poll, stoppingToken);
                continue;
            }
            await RunOneAsync(next.Id, stoppingToken);
        }
    }

    private async Task RunOneAsync(string importId, CancellationToken stopping)
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        lock (gate)
        {
            running = (importId, cancel);
        }
        try
        {
            await Task.Run(() => importer.RunAsync(importId, cancel.Token), cancel.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Shut down (resumed at the next start) or cancelled (its state says so already).
        }
        catch (TakeoutArchiveException e)
        {
            Fail(importId, e.Message);
        }
        catch (Exception e) when (DiskFaults.Classify(e) is { } fault)
        {
            LogDiskFault(logger, importId, fault.ToString(), e.Message);
            await WaitAsync(DiskFaultDelay, stopping); // a full or vanished disk: try again later, from the entry it stopped at
        }
        catch (Exception e)
        {
            LogFailed(logger, importId, e);
            Fail(importId, $"The import stopped: {e.Message}");
        }
        finally
        {
            lock (gate)
            {
                running = null;
            }
        }
    }

    private void Fail(string importId, string message)
    {
        using var db = database.Open();
        store.SetState(db, importId, ImportStates.Failed, message, time.GetUtcNow(), finished: true);
    }

    private async Task WaitAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await wake.WaitAsync(delay, stopping);
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }

    public override void Dispose()
    {
        wake.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Takeout import {ImportId} paused by a disk fault ({Fault}): {Reason}")]
    private static partial void LogDiskFault(ILogger logger, string importId, string fault, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Takeout import {ImportId} failed")]
    private static partial void LogFailed(ILogger logger, string importId, Exception error);
}
