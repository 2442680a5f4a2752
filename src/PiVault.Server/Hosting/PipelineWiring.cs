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
            [JobKinds.Metadata] = (job, cancel) => throw new PermanentJobException("metadata extraction is not wired yet"),
            [JobKinds.Thumbnails] = (job, cancel) => throw new PermanentJobException("thumbnails are not wired yet"),
        }));
        services.AddSingleton<JobRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<JobRunner>());
    }
}
