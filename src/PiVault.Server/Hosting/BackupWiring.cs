using PiVault.Server.Features.Backup;
using PiVault.Server.Health;
using PiVault.Server.Health.Hardware;

namespace PiVault.Server.Hosting;

/// <summary>
/// Backup rotation: the run history, the copier (the seam tests cut runs off with), the governor's pacing, the rotation
/// itself (hosted: closes runs a crash left open, stops a running backup cleanly on shutdown) and the button's actions.
/// </summary>
public static class BackupWiring
{
    public static void AddBackupRotation(this IServiceCollection services)
    {
        services.AddSingleton<BackupRunStore>();
        services.AddSingleton<IBackupFileCopier, DurableFileCopier>();
        services.AddSingleton<IBackupPace, GovernorBackupPace>();
        services.AddSingleton<BackupPacing>();
        services.AddSingleton<BackupRotation>();
        services.AddHostedService(provider => provider.GetRequiredService<BackupRotation>());
        services.AddSingleton<ButtonActions>();
        services.AddHostedService(provider => provider.GetRequiredService<ButtonActions>());
    }
}
