using PiVault.Server.Configuration;
using PiVault.Server.Features.Backup;

namespace PiVault.Server.Features.Offsite;

/// <summary>Whether an off-site run should wait right now, and why; null to go on.</summary>
public interface IOffsitePace
{
    string? WaitReason(OffsiteRemote remote);
}

/// <summary>
/// The off-site run gives way as the drive backup does (the governor: phones uploading, too hot, under-voltage) and,
/// when the remote has a time window, waits outside it (local time).
/// </summary>
public sealed class OffsitePace(IBackupPace governor, TimeProvider time) : IOffsitePace
{
    public string? WaitReason(OffsiteRemote remote)
    {
        if (governor.WaitReason() is { } reason)
        {
            return reason;
        }
        if (remote.Window is { } text && DailyWindow.TryParse(text, out _) is { } window && !window.Contains(TimeOnly.FromDateTime(time.GetLocalNow().DateTime)))
        {
            return $"outside its time window {window}";
        }
        return null;
    }

    /// <summary>The same answer as <see cref="IBackupPace"/>, for the staging step's <see cref="PacedCopier"/>.</summary>
    public static IBackupPace For(IOffsitePace pace, OffsiteRemote remote) => new RemotePace(pace, remote);

    private sealed class RemotePace(IOffsitePace pace, OffsiteRemote remote) : IBackupPace
    {
        public string? WaitReason() => pace.WaitReason(remote);
    }
}
