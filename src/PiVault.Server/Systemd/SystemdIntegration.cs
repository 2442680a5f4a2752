using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using PiVault.Server.Configuration;
using PiVault.Server.Data;
using PiVault.Server.Health;
using PiVault.Server.Pipeline;
using PiVault.Server.Queue;

namespace PiVault.Server.Systemd;

/// <summary>
/// Ties the <see cref="SystemdWatchdog"/> to the host's lifetime. <c>ApplicationStarted</c> fires after every hosted
/// service started and Kestrel bound its addresses, and <see cref="Hosting.ServerApp.PrepareStorage"/> migrated the
/// database before the host ran: so <c>READY=1</c> is only sent once PiVault really serves.
/// </summary>
public sealed partial class SystemdIntegration(
    PiVaultOptions options,
    IHostApplicationLifetime lifetime,
    IServer server,
    JobRunner runner,
    JobQueue queue,
    HealthGovernor governor,
    Database database,
    Features.Offsite.OffsiteScheduler offsite,
    ILogger<SystemdIntegration> logger) : IHostedService, IDisposable
{
    private SystemdNotifier? notifier;
    private SystemdWatchdog? watchdog;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(OnStarted);
        lifetime.ApplicationStopping.Register(() => watchdog?.Stopping());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        watchdog?.Dispose();
        notifier?.Dispose();
    }

    private void OnStarted()
    {
        var systemd = options.Systemd;
        notifier = new SystemdNotifier(systemd.NotifySocket!);
        var http = Probe(systemd.PingInterval ?? SystemdWatchdog.StatusInterval);
        var liveness = new Liveness(http, runner, database, options.StuckJobLimit);
        watchdog = new SystemdWatchdog(notifier, systemd.PingInterval, liveness, new ServiceStatus(queue, governor, offsite.Describe), logger);
        watchdog.Ready();
        LogReady(logger, notifier.Address, systemd.PingInterval is { } interval ? $"every {interval.TotalSeconds:0.###} s" : "off",
            http is null ? "not probed (no plain-HTTP address)" : http.Target.ToString());
    }

    /// <summary>The request times out well within the ping interval, and never below a second on a busy board.</summary>
    private HttpPing? Probe(TimeSpan interval)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var target = HttpPing.LoopbackTarget(addresses);
        var timeout = TimeSpan.FromTicks(Math.Clamp(interval.Ticks, TimeSpan.TicksPerSecond, 5 * TimeSpan.TicksPerSecond));
        return target is null ? null : new HttpPing(target, timeout);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Told systemd READY=1 at {Socket}; watchdog pings {Cadence}; HTTP liveness check: {Target}")]
    private static partial void LogReady(ILogger logger, string socket, string cadence, string target);
}
