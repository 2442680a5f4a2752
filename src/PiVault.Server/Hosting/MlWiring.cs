using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Ml.Sessions;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Faces;
using PiVault.Server.Features.Media;
using PiVault.Server.Features.Ml;
using PiVault.Server.Features.Ocr;
using PiVault.Server.Features.SmartSearch;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;

namespace PiVault.Server.Hosting;

/// <summary>
/// The model library (<see cref="IModels"/>) the ML features run on: the manifest beside the binary, the model folders
/// (<c>--models-dir</c>, then beside the binary, then /usr/lib/pivault/models), and sessions sized by the governor.
/// </summary>
public static class MlWiring
{
    public static void AddMl(this IServiceCollection services, PiVaultOptions options)
    {
        services.AddSingleton(_ => ModelManifest.Installed());
        services.AddSingleton(_ => ModelFolders.Default(options.ModelsRoot));
        services.AddSingleton(provider => new ModelLibrary(
            provider.GetRequiredService<ModelManifest>(), provider.GetRequiredService<ModelFolders>(),
            new SessionSettings(MlThreads(provider.GetRequiredService<HealthGovernor>()), options.ModelIdleUnload, options.ModelCacheDir),
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IModels>(provider => provider.GetRequiredService<ModelLibrary>());
        services.AddSingleton<MlFeatures>();
        services.AddSingleton(provider => new PhotoOcr(provider.GetRequiredService<IModels>(), OcrSettings.From(provider.GetRequiredService<ModelManifest>())));
        services.AddSingleton<OcrStore>();
        services.AddSingleton<PreviewStep>();
        services.AddSingleton<OcrService>();
        services.AddSingleton<EmbeddingIndex>();
        services.AddSingleton<SmartSearchModel>();
        services.AddSingleton<SmartSearchService>();
        services.AddSingleton<FaceModel>();
        services.AddSingleton<FaceStore>();
        services.AddSingleton<FaceDetectionService>();
    }

    /// <summary>
    /// Intra-op threads for a session being loaded: <see cref="JobSteps.MlThreadsPerInference"/> (half the cores; the
    /// ML queues run <see cref="JobSteps.MlInferencesAtOnce"/> photos at a time), one while the governor holds any ML
    /// queue back (heat, uploads, power), so a hot board is not loaded more.
    /// </summary>
    public static Func<int> MlThreads(HealthGovernor governor) => () =>
    {
        var ml = governor.Current.Queues.Where(q => q.Load == QueueLoad.Ml).ToList();
        return ml.Any(q => q.AllowedWorkers < q.MaxWorkers) ? 1 : JobSteps.MlThreadsPerInference(Environment.ProcessorCount);
    };
}
