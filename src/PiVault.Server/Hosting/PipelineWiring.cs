using PiVault.Hardware.Health;
using PiVault.Hardware.Linux;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Assets;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Hosting;

/// <summary>
/// The pipeline's services, run from the table of job steps (<see cref="JobSteps.Production"/>, registered so a test can
/// swap it). <see cref="JobPipeline"/> checks at start-up that every step has its handler.
/// </summary>
public static class PipelineWiring
{
    public static void AddPipeline(this IServiceCollection services)
    {
        services.AddSingleton(JobSteps.Production);
        services.AddSingleton<IJobCatalog>(provider => provider.GetRequiredService<JobSteps>());
        services.AddSingleton(provider => new JobPipeline(provider.GetRequiredService<JobSteps>(), provider));
        services.AddSingleton<JobQueue>();
        services.AddSingleton<MissingWorkStore>();
        services.AddSingleton<JobAdminService>();
        services.AddSingleton<UploadActivity>();
        services.AddSingleton<IHealthSensors>(provider => new LinuxHealthSensors(provider.GetRequiredService<PiVaultOptions>().HealthRoot));
        services.AddSingleton(provider => new HealthGovernor(
            provider.GetRequiredService<IHealthSensors>(), GovernorRules.Pi4.With(provider.GetRequiredService<PiVaultOptions>().Governor), provider.GetRequiredService<UploadActivity>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<HealthGovernor>>(), provider.GetRequiredService<JobSteps>().WorkersPerQueue(Environment.ProcessorCount),
            provider.GetRequiredService<JobQueue>().Unfinished));
        services.AddSingleton<IWorkerLimits>(provider => provider.GetRequiredService<HealthGovernor>());
        // Started before the runner, so the first claims already see real limits.
        services.AddHostedService(provider => provider.GetRequiredService<HealthGovernor>());
        services.AddSingleton<HealthHistory>();
        services.AddHostedService(provider => provider.GetRequiredService<HealthHistory>());
        services.AddSingleton<DiskSpace>();
        services.AddSingleton<HealthReport>();
        services.AddSingleton<JobRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRunner>());
    }
}
