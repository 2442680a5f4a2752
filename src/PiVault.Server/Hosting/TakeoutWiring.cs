using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Features.Takeout;
using PiVault.Server.Features.Users;

namespace PiVault.Server.Hosting;

/// <summary>Google Takeout imports: the stores and passes, the API's service, and the background runner it wakes.</summary>
public static class TakeoutWiring
{
    public static void AddTakeout(this IServiceCollection services)
    {
        services.AddSingleton<TakeoutImportStore>();
        services.AddSingleton<TakeoutPartReceiver>();
        services.AddSingleton<TakeoutScanner>();
        services.AddSingleton<TakeoutEntryImport>();
        services.AddSingleton<TakeoutImporter>();
        services.AddSingleton<TakeoutImportRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<TakeoutImportRunner>());
        services.AddSingleton(provider =>
        {
            var runner = provider.GetRequiredService<TakeoutImportRunner>();
            return new TakeoutService(provider.GetRequiredService<Database>(), provider.GetRequiredService<TakeoutImportStore>(),
                provider.GetRequiredService<TakeoutPartReceiver>(), provider.GetRequiredService<UserStore>(), provider.GetRequiredService<PiVaultOptions>(),
                provider.GetRequiredService<TimeProvider>()) { Wake = runner.Wake };
        });
    }
}
