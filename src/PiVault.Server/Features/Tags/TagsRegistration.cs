namespace PiVault.Server.Features.Tags;

public static class TagsRegistration
{
    public static IServiceCollection AddTags(this IServiceCollection services)
    {
        services.AddSingleton<TagStore>();
        services.AddSingleton<TagService>();
        return services;
    }
}
