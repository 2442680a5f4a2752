namespace PiVault.Server.Features.Duplicates;

public static class DuplicateRegistration
{
    /// <summary>The duplicate step and review. A second look-alike source (CLIP embeddings) is one more <see cref="IDuplicateNeighbours"/> here.</summary>
    public static IServiceCollection AddDuplicates(this IServiceCollection services)
    {
        services.AddSingleton<DuplicateStore>();
        services.AddSingleton<IPreviewHasher, VipsPreviewHasher>();
        services.AddSingleton<IDuplicateNeighbours, PerceptualHashNeighbours>();
        services.AddSingleton<DuplicateJob>();
        services.AddSingleton<DuplicateService>();
        return services;
    }
}
