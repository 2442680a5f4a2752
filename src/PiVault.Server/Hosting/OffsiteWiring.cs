using PiVault.Server.Configuration;
using PiVault.Server.Features.Offsite;

namespace PiVault.Server.Hosting;

/// <summary>The off-site backup through rclone: remotes, runs, the run itself paced by the governor, and its scheduler (hosted).</summary>
public static class OffsiteWiring
{
    public static void AddOffsite(this IServiceCollection services, PiVaultOptions options)
    {
        services.AddSingleton(new OffsitePaths(options));
        services.AddSingleton<OffsiteRemoteStore>();
        services.AddSingleton<OffsiteRunStore>();
        services.AddSingleton<OffsiteRemotes>();
        services.AddSingleton<IOffsitePace, OffsitePace>();
        services.AddSingleton<OffsiteBackup>();
        services.AddSingleton<OffsiteScheduler>();
        services.AddSingleton<OffsiteSetupRestore>();
        services.AddHostedService(provider => provider.GetRequiredService<OffsiteScheduler>());
    }
}
