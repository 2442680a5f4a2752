using PiVault.Server.Features.Map;
using PiVault.Server.Features.Stacks;

namespace PiVault.Server.Features.Memories;

public static class MemoriesRegistration
{
    /// <summary>Memories (with their hourly "nightly" pass), stacks (manual and automatic) and the map.</summary>
    public static IServiceCollection AddMemoriesStacksAndMap(this IServiceCollection services)
    {
        services.AddSingleton<MemoryStore>();
        services.AddSingleton<OnThisDay>();
        services.AddSingleton<MemoryService>();
        services.AddHostedService<MemoriesNightly>();
        services.AddSingleton<StackStore>();
        services.AddSingleton<StackService>();
        services.AddSingleton<AutomaticStacks>();
        services.AddSingleton<MapService>();
        return services;
    }
}
