using PiVault.Server.Features.Backup;

namespace PiVault.Server.Health;

/// <summary>The health governor's view for a backup: give way while phones upload, while the Pi is too hot, while the power dips.</summary>
public sealed class GovernorBackupPace(HealthGovernor governor) : IBackupPace
{
    public string? WaitReason()
    {
        var snapshot = governor.Current;
        if (governor.SlowedForUploads)
        {
            return "phones are uploading";
        }
        if (snapshot.Reading.UndervoltageNow == true)
        {
            return "the power supply is dipping (under-voltage)";
        }
        return snapshot.Queues.Any(q => q.Heat == HeatLevel.Pause) ? "the Pi is too hot" : null;
    }
}
