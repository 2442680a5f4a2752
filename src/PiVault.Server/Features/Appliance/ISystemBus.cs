namespace PiVault.Server.Features.Appliance;

/// <summary>
/// The changes to the operating system PiVault asks for, each done by systemd's own service on the system bus
/// (hostnamed, timedated, logind, the service manager). Every failure is a <see cref="SystemBusException"/>: a refusal,
/// a missing service or a missing bus, with the D-Bus error name and a sentence to show.
/// </summary>
public interface ISystemBus
{
    /// <summary>Sets the static hostname (<c>/etc/hostname</c>) and the pretty one to <paramref name="hostname"/>, an RFC 1123 label.</summary>
    Task SetHostnameAsync(string hostname, CancellationToken cancellationToken = default);

    /// <summary>Sets the system time zone (<c>/etc/localtime</c>), an IANA id such as <c>Europe/Berlin</c>.</summary>
    Task SetTimeZoneAsync(string timeZone, CancellationToken cancellationToken = default);

    /// <summary>Asks logind to power the machine off; returns once the request is accepted.</summary>
    Task PowerOffAsync(CancellationToken cancellationToken = default);

    /// <summary>Starts a unit (mode <c>replace</c>); returns the object path of the queued job.</summary>
    Task<string> StartUnitAsync(string unit, CancellationToken cancellationToken = default);

    /// <summary>Asks the service manager to reload its configuration, so the generators run again (<c>systemctl daemon-reload</c>).</summary>
    Task ReloadAsync(CancellationToken cancellationToken = default);

    /// <summary>Stops a unit (mode <c>replace</c>); returns the object path of the queued job.</summary>
    Task<string> StopUnitAsync(string unit, CancellationToken cancellationToken = default);
}
