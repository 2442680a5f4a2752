using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Backup;
using PiVault.Server.Features.Users;
using PiVault.Server.Http;

namespace PiVault.Server.Features.Offsite;

/// <summary>
/// The setup wizard's "Restore from an off-site backup", allowed only while the instance has no users (as creating the
/// first admin is). The remote is given and checked as the admin's remote form is (<see cref="OffsiteRemoteValidation"/>),
/// its rclone sections written to <c>&lt;data&gt;/.restore/rclone.conf</c> (0600), and the command's restore
/// (<see cref="OffsiteRestore"/>) makes a whole data folder in <c>&lt;data&gt;/.restore/data</c>, reporting rclone's
/// progress as an off-site run does. When it is complete, <see cref="RestoreSwap"/> is marked ready and the process
/// stops with <see cref="RestartExitCode"/>: systemd (<c>Restart=on-failure</c>) starts it again, and that start swaps
/// the restored folder in before the database is opened. One restore at a time; a failed one leaves the instance as it was.
/// </summary>
public sealed partial class OffsiteSetupRestore(PiVaultOptions options, Database database, UserStore users, OffsiteRemotes remotes, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<OffsiteSetupRestore> log)
{
    /// <summary>The exit code after a restore: not 0, so systemd restarts the service (EX_TEMPFAIL).</summary>
    public const int RestartExitCode = 75;

    public const string Idle = "idle";
    public const string Downloading = "downloading";
    public const string Restoring = "restoring";
    public const string Restarting = "restarting";
    public const string Failed = "failed";

    private readonly Lock gate = new();
    private string phase = Idle;
    private OffsiteProgressDto? progress;
    private string? error;
    private RestoreResult? result;

    /// <summary>What the process should exit with once the host stopped: <see cref="RestartExitCode"/> after a restore, else 0.</summary>
    public int ExitCode { get; private set; }

    /// <summary>The restore now going (or the last one's outcome); for callers, the running task.</summary>
    public Task? Running { get; private set; }

    /// <summary>Waits this long after the restore before stopping, so the wizard sees that it is done.</summary>
    public TimeSpan StopDelay { get; init; } = TimeSpan.FromSeconds(2);

    public OffsiteSetupRestoreDto Status()
    {
        RequireNoUsers();
        return Dto();
    }

    public async Task<OffsiteSetupRestoreDto> StartAsync(OffsiteRemoteRequest request, CancellationToken cancel)
    {
        RequireNoUsers();
        var (remote, secrets) = OffsiteRemoteValidation.Check(request, time.GetUtcNow());
        if (remote.Encrypted && string.IsNullOrEmpty(request.EncryptionPassword))
        {
            throw ApiException.BadRequest("encryptionPassword: the password the backup was encrypted with.");
        }
        var sections = await remotes.SectionsAsync(remote, secrets, remote.Encrypted ? request.EncryptionPassword : null, cancel);
        lock (gate)
        {
            if (phase is Downloading or Restoring or Restarting)
            {
                throw ApiException.Conflict("A restore is already going.");
            }
            phase = Downloading;
            error = null;
            result = null;
            progress = new OffsiteProgressDto(remote.Name, Downloading, 0, 0, 0, 0, 0, null, null, time.GetUtcNow());
            Running = Task.Run(() => RunAsync(remote.Name, sections, lifetime.ApplicationStopping), CancellationToken.None);
        }
        return Dto();
    }

    private async Task RunAsync(string name, IReadOnlyList<(string Name, IReadOnlyList<KeyValuePair<string, string>> Values)> sections, CancellationToken cancel)
    {
        var dataDir = Path.GetFullPath(options.DataDir);
        var root = RestoreSwap.Root(dataDir);
        try
        {
            RestoreSwap.Discard(dataDir);
            var config = new RcloneConfigFile(Path.Combine(root, "rclone.conf"));
            config.Put(sections);
            var target = options with { DataDir = RestoreSwap.Staged(dataDir) };
            var started = time.GetUtcNow();
            var restored = await OffsiteRestore.RunAsync(config.Path, name, target, time, cancel, remotes.RcloneExecutable,
                stats => Report(new OffsiteProgressDto(name, Downloading, stats.Bytes, stats.TotalBytes, stats.Transfers, stats.TotalTransfers, stats.Speed,
                    stats.EtaSeconds, null, started)),
                () => Report(new OffsiteProgressDto(name, Restoring, 0, 0, 0, 0, 0, null, null, started), Restoring));
            // The remote keeps working after the restart: its credentials go where the restored database expects them.
            new OffsitePaths(target).Config.Put(sections);
            if (UserCount() > 0)
            {
                throw new OffsiteException("An admin was created while restoring: the restore was not put in place.");
            }
            RestoreSwap.MarkReady(dataDir);
            lock (gate)
            {
                result = restored;
                phase = Restarting;
            }
            LogRestored(log, restored.Originals, name);
            await Task.Delay(StopDelay, CancellationToken.None);
            ExitCode = RestartExitCode;
            lifetime.StopApplication();
        }
        catch (Exception e) when (e is OffsiteException or BackupException or IOException or UnauthorizedAccessException or OperationCanceledException or ApiException)
        {
            LogFailed(log, name, e.Message);
            // Cleared before the failure is reported, so a client that sees "failed" finds the instance as it was.
            try
            {
                RestoreSwap.Discard(dataDir);
            }
            catch (IOException)
            {
                // Removed at the next start.
            }
            lock (gate)
            {
                phase = Failed;
                error = e is OperationCanceledException ? "The restore was stopped." : e.Message;
                progress = null;
            }
        }
    }

    private void Report(OffsiteProgressDto now, string? newPhase = null)
    {
        lock (gate)
        {
            progress = now;
            phase = newPhase ?? phase;
        }
    }

    private OffsiteSetupRestoreDto Dto()
    {
        lock (gate)
        {
            return new OffsiteSetupRestoreDto(phase, progress, error, result?.Originals, result?.Bytes);
        }
    }

    private long UserCount()
    {
        using var db = database.Open();
        return users.Count(db);
    }

    private void RequireNoUsers()
    {
        if (UserCount() > 0)
        {
            throw ApiException.Conflict("PiVault is already set up: a restore from an off-site backup is offered only before the first account exists.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restored {Originals} originals from the off-site copy on {Remote}; stopping so the next start puts the restored library in place")]
    private static partial void LogRestored(ILogger logger, int originals, string remote);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The restore from the off-site copy on {Remote} failed: {Reason}")]
    private static partial void LogFailed(ILogger logger, string remote, string reason);
}
