using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using PiVault.Server.Configuration;
using PiVault.Server.Systemd;

namespace PiVault.Server.Hosting;

/// <summary>Running under systemd: journal-friendly log lines, sd_notify readiness, watchdog and status, a bounded stop.</summary>
public static class SystemdWiring
{
    /// <summary>Below the unit's <c>TimeoutStopSec=60s</c>, so the host gives up on a stuck stop before systemd kills it.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(45);

    public static void AddSystemd(this WebApplicationBuilder builder, PiVaultOptions options)
    {
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        if (options.Systemd.JournalStream)
        {
            // Registered by hand: AddConsoleFormatter<,> binds formatter options from configuration by reflection (not AOT-safe).
            builder.Logging.AddConsole(console => console.FormatterName = JournalConsoleFormatter.FormatterName);
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, JournalConsoleFormatter>());
        }
        if (options.Systemd.NotifySocket is not null)
        {
            builder.Services.AddHostedService<SystemdIntegration>();
        }
    }
}
