namespace PiVault.Server.Features.Duplicates;

public static class DuplicateRegistration
{
    /// <summary>The duplicate step and review, with its two look-alike sources: the perceptual hash and the CLIP embeddings.</summary>
    public static IServiceCollection AddDuplicates(this IServiceCollection services)
    {
        services.AddSingleton<DuplicateStore>();
        services.AddSingleton<IPreviewHasher, VipsPreviewHasher>();
        services.AddSingleton<IDuplicateNeighbours, PerceptualHashNeighbours>();
        services.AddSingleton<IDuplicateNeighbours, EmbeddingNeighbours>();
        services.AddSingleton<DuplicateJob>();
        services.AddSingleton<DuplicateService>();
        return services;
    }
}
