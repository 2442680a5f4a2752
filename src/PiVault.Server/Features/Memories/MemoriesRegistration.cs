using PiVault.Server.Features.Map;
using PiVault.Server.Features.Partners;
using PiVault.Server.Features.Stacks;

namespace PiVault.Server.Features.Memories;

public static class MemoriesRegistration
{
    /// <summary>Memories (with their hourly "nightly" pass), stacks (manual and automatic), the map and partner sharing.</summary>
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
        services.AddSingleton<PartnerStore>();
        services.AddSingleton<PartnerService>();
        return services;
    }
}
