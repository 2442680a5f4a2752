using PiVault.Hardware.Health;
using PiVault.Hardware.Linux;
using PiVault.Server.Configuration;
using PiVault.Server.Features.Media;
using PiVault.Server.Health;
using PiVault.Server.Features.Metadata;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Hosting;

/// <summary>The one hand-written table from job kind to handler. <see cref="JobPipeline"/> checks at start-up that every kind has one.</summary>
public static class PipelineWiring
{
    public static void AddPipeline(this IServiceCollection services)
    {
        services.AddSingleton<JobQueue>();
        services.AddSingleton<MissingWorkStore>();
        services.AddSingleton<JobAdminService>();
        services.AddSingleton<UploadActivity>();
        services.AddSingleton<IHealthSensors>(provider => new LinuxHealthSensors(provider.GetRequiredService<PiVaultOptions>().HealthRoot));
        services.AddSingleton(provider => new HealthGovernor(
            provider.GetRequiredService<IHealthSensors>(), provider.GetRequiredService<PiVaultOptions>().Governor, provider.GetRequiredService<UploadActivity>(),
            provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<HealthGovernor>>(), WorkersPerQueue(),
            queue => provider.GetRequiredService<JobQueue>().Counts(queue).Pending));
        services.AddSingleton<IWorkerLimits>(provider => provider.GetRequiredService<HealthGovernor>());
        // Started before the runner, so the first claims already see real limits.
        services.AddHostedService(provider => provider.GetRequiredService<HealthGovernor>());
        services.AddSingleton<HealthHistory>();
        services.AddHostedService(provider => provider.GetRequiredService<HealthHistory>());
        services.AddSingleton<DiskSpace>();
        services.AddSingleton<HealthReport>();
        services.AddSingleton(provider => new JobPipeline(new Dictionary<string, JobHandler>
        {
            [JobKinds.Metadata] = (job, cancel) => provider.GetRequiredService<MetadataService>().ExtractAsync(job.AssetId!, cancel),
            [JobKinds.Thumbnails] = (job, cancel) => Permanent(provider.GetRequiredService<ThumbnailService>().GenerateAsync(job.AssetId!, cancel)),
            [JobKinds.VideoPlayback] = (job, cancel) => Permanent(provider.GetRequiredService<VideoPlaybackService>().PrepareAsync(job.AssetId!, cancel)),
        }));
        services.AddSingleton<JobRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRunner>());
    }

    /// <summary>
    /// One worker per queue per two cores, at least one: two per queue on a Pi 4. Video conversion gets one: each
    /// ffmpeg run already uses two cores.
    /// </summary>
    private static Dictionary<string, int> WorkersPerQueue() =>
        JobKinds.Queues.ToDictionary(q => q, q => q == JobKinds.VideoQueue ? 1 : Math.Max(1, Environment.ProcessorCount / 2), StringComparer.Ordinal);

    /// <summary>A file that cannot be decoded fails its job at once, with the decoder's message kept for the admin and the UI.</summary>
    private static async Task Permanent(Task step)
    {
        try
        {
            await step;
        }
        catch (UndecodableMediaException e)
        {
            throw new PermanentJobException(e.Message);
        }
    }
}
