using System.Threading.Channels;
using PiVault.Server.Configuration;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Features.Libraries;

/// <summary>
/// Keeps folder libraries current: a scan of every library at start-up and every <see cref="PiVaultOptions.LibraryScanInterval"/>,
/// and, where inotify works (<see cref="FileSystemWatcher"/>; not on most network shares, and not past the kernel's watch
/// limit), a scan a few seconds after files change. Background scans wait while the health governor allows no worker on
/// the storage queue (the board is too hot, memory is short, or the admin paused it); "scan now" does not wait.
/// </summary>
public sealed partial class LibraryWatcher(
    LibraryService libraries, LibraryScanner scanner, IWorkerLimits governor, PiVaultOptions options, TimeProvider time, ILogger<LibraryWatcher> logger)
    : BackgroundService
{
    /// <summary>How long after the last change a watched library is scanned: a copy of many files is one scan.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    private readonly Channel<string> requests = Channel.CreateUnbounded<string>();
    private readonly Lock gate = new();
    private List<FileSystemWatcher> watchers = [];

    /// <summary>Asks for a scan of one library soon (Immich's "scan" button, a change the watcher saw).</summary>
    public void Request(string libraryId) => requests.Writer.TryWrite(libraryId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        libraries.Changed += Rewatch;
        Rewatch();
        _ = RequestAllPeriodicallyAsync(stoppingToken);
        var pending = new HashSet<string>(StringComparer.Ordinal);
        while (await requests.Reader.WaitToReadAsync(stoppingToken))
        {
            await Task.Delay(Settle, time, stoppingToken);
            while (requests.Reader.TryRead(out var id))
            {
                pending.Add(id);
            }
            while (governor.AllowedWorkers(JobKinds.StorageQueue) == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), time, stoppingToken);
            }
            foreach (var library in libraries.All().Where(l => pending.Contains(l.Id)))
            {
                try
                {
                    await scanner.ScanAsync(library, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogScanFailed(logger, library.Id, e);
                }
            }
            pending.Clear();
        }
    }

    public override void Dispose()
    {
        libraries.Changed -= Rewatch;
        StopWatching();
        base.Dispose();
    }

    private async Task RequestAllPeriodicallyAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                libraries.All().ForEach(l => Request(l.Id));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogScanFailed(logger, "(all)", e);
            }
            await Task.Delay(options.LibraryScanInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>One inotify watcher per import path; a folder it cannot watch is left to the periodic scan.</summary>
    private void Rewatch()
    {
        if (!options.LibraryWatch)
        {
            return;
        }
        var fresh = new List<FileSystemWatcher>();
        foreach (var library in libraries.All())
        {
            foreach (var path in library.ImportPaths.Where(Directory.Exists))
            {
                try
                {
                    var watcher = new FileSystemWatcher(path) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
                    var id = library.Id;
                    watcher.Created += (_, _) => Request(id);
                    watcher.Changed += (_, _) => Request(id);
                    watcher.Deleted += (_, _) => Request(id);
                    watcher.Renamed += (_, _) => Request(id);
                    watcher.Error += (_, e) => WatchLost(path, e.GetException());
                    watcher.EnableRaisingEvents = true;
                    fresh.Add(watcher);
                }
                catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
                {
                    LogWatchLost(logger, path, e.Message);
                }
            }
        }
        lock (gate)
        {
            StopWatching();
            watchers = fresh;
        }
    }

    /// <summary>inotify gave up on a folder (too many folders for the kernel's watch limit, the share went away).</summary>
    private void WatchLost(string path, Exception e)
    {
        if (logger.IsEnabled(LogLevel.Information))
        {
            LogWatchLost(logger, path, e.Message);
        }
    }

    private void StopWatching()
    {
        foreach (var watcher in watchers)
        {
            watcher.Dispose();
        }
        watchers = [];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning folder library {Library} failed")]
    private static partial void LogScanFailed(ILogger logger, string library, Exception e);

    [LoggerMessage(Level = LogLevel.Information, Message = "Folder {Path} is not watched for changes ({Reason}); the periodic scan keeps it current")]
    private static partial void LogWatchLost(ILogger logger, string path, string reason);
}
