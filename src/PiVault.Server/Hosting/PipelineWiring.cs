using PiVault.Server.Features.Media;
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
        services.AddSingleton<IWorkerLimits>(FixedWorkerLimits.ForThisMachine(JobKinds.Queues));
        services.AddSingleton(provider => new JobPipeline(new Dictionary<string, JobHandler>
        {
            [JobKinds.Metadata] = (job, cancel) => provider.GetRequiredService<MetadataService>().ExtractAsync(job.AssetId!, cancel),
            [JobKinds.Thumbnails] = (job, cancel) => Permanent(provider.GetRequiredService<ThumbnailService>().GenerateAsync(job.AssetId!, cancel)),
        }));
        services.AddSingleton<JobRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRunner>());
    }

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
