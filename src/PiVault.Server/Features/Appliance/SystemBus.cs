using Tmds.DBus.Protocol;

namespace PiVault.Server.Features.Appliance;

/// <summary>
/// <see cref="ISystemBus"/> over D-Bus with Tmds.DBus.Protocol's low-level API (no reflection, so native AOT): each call
/// is written by hand as destination, object path, interface, member and signature, then its arguments.
/// </summary>
/// <remarks>
/// Connects for each call and closes afterwards: the calls are rare (a settings save, a power-off), and a fresh
/// connection outlives a restarted dbus-daemon without reconnection logic. The flag <c>interactive</c> is always
/// false: a service has nobody to type a password, so polkit answers yes or no at once.
/// </remarks>
/// <param name="address">A D-Bus address such as <c>unix:path=/run/dbus/system_bus_socket</c>; null when system changes are off.</param>
public sealed class SystemBus(string? address) : ISystemBus
{
    /// <summary>Longer than dbus-daemon's own 25 s reply timeout, so its NoReply error usually comes first.</summary>
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    public Task SetHostnameAsync(string hostname, CancellationToken cancellationToken = default)
    {
        if (!Hostname.IsValid(hostname))
        {
            return Task.FromException(new SystemBusException(SystemBusException.InvalidArgs,
                $"\"{hostname}\" is not a valid hostname: use letters, digits and hyphens (1–{Hostname.MaxLength} characters), not starting or ending with a hyphen."));
        }
        return CallAsync(async connection =>
        {
            await connection.CallMethodAsync(Call(connection, Hostname1, "SetStaticHostname", Interactive.No, hostname));
            await connection.CallMethodAsync(Call(connection, Hostname1, "SetPrettyHostname", Interactive.No, hostname));
            return true;
        }, cancellationToken);
    }

    public Task SetTimeZoneAsync(string timeZone, CancellationToken cancellationToken = default) =>
        CallAsync(connection => Void(connection, Call(connection, Timedate1, "SetTimezone", Interactive.No, timeZone)), cancellationToken);

    public Task PowerOffAsync(CancellationToken cancellationToken = default) =>
        CallAsync(connection => Void(connection, Call(connection, Login1, "PowerOff", Interactive.No)), cancellationToken);

    public Task<string> StartUnitAsync(string unit, CancellationToken cancellationToken = default) => UnitJobAsync("StartUnit", unit, cancellationToken);

    public Task<string> StopUnitAsync(string unit, CancellationToken cancellationToken = default) => UnitJobAsync("StopUnit", unit, cancellationToken);

    /// <summary>systemd answers Reload once the reload is done, generators included.</summary>
    public Task ReloadAsync(CancellationToken cancellationToken = default) =>
        CallAsync(connection => Void(connection, Call(connection, Systemd1, "Reload", Interactive.NotTaken)), cancellationToken);

    private Task<string> UnitJobAsync(string member, string unit, CancellationToken cancellationToken) =>
        CallAsync(connection => connection.CallMethodAsync(Call(connection, Systemd1, member, Interactive.NotTaken, unit, "replace"),
            static (message, _) => message.GetBodyReader().ReadObjectPathAsString()), cancellationToken);

    /// <summary>
    /// A method call to <paramref name="target"/> whose arguments are <paramref name="strings"/> and, for the calls that
    /// take it, a trailing <c>b interactive</c> (always false). The returned buffer belongs to the call that sends it.
    /// </summary>
    private static MessageBuffer Call(DBusConnection connection, BusTarget target, string member, Interactive interactive, params string[] strings)
    {
        var signature = new string('s', strings.Length) + (interactive == Interactive.No ? "b" : "");
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(target.Service, target.Path, target.Interface, member, signature);
        foreach (var value in strings)
        {
            writer.WriteString(value);
        }
        if (interactive == Interactive.No)
        {
            writer.WriteBool(false);
        }
        return writer.CreateMessage();
    }

    /// <summary>Whether a method takes the <c>interactive</c> flag (polkit may ask a person); PiVault always passes false.</summary>
    private enum Interactive
    {
        NotTaken,
        No,
    }

    private static async Task<bool> Void(DBusConnection connection, MessageBuffer message)
    {
        await connection.CallMethodAsync(message);
        return true;
    }

    /// <summary>Connects, runs <paramref name="call"/> within <see cref="CallTimeout"/>, and turns every failure into a <see cref="SystemBusException"/>.</summary>
    private async Task<T> CallAsync<T>(Func<DBusConnection, Task<T>> call, CancellationToken cancellationToken)
    {
        if (address is null)
        {
            throw new SystemBusException(SystemBusException.NoServer, "system changes are turned off (no system bus configured)");
        }
        using var connection = new DBusConnection(address);
        try
        {
            await connection.ConnectAsync().AsTask().WaitAsync(CallTimeout, cancellationToken);
            return await call(connection).WaitAsync(CallTimeout, cancellationToken);
        }
        catch (DBusErrorReplyException e)
        {
            throw new SystemBusException(e.ErrorName, e.ErrorMessage, e);
        }
        catch (DBusConnectFailedException e)
        {
            throw new SystemBusException(SystemBusException.NoServer, $"the system bus at {address} cannot be reached ({Reason(e)})", e);
        }
        catch (DBusConnectionException e)
        {
            throw new SystemBusException(SystemBusException.Disconnected, $"the system bus closed the connection ({Reason(e)})", e);
        }
        catch (TimeoutException e)
        {
            throw new SystemBusException(SystemBusException.NoReply, $"no answer on the system bus within {CallTimeout.TotalSeconds:0} s", e);
        }
    }

    private static string Reason(Exception e) => e.InnerException?.Message ?? e.Message;

    private sealed record BusTarget(string Service, string Path, string Interface);

    private static readonly BusTarget Hostname1 = new("org.freedesktop.hostname1", "/org/freedesktop/hostname1", "org.freedesktop.hostname1");

    private static readonly BusTarget Timedate1 = new("org.freedesktop.timedate1", "/org/freedesktop/timedate1", "org.freedesktop.timedate1");

    private static readonly BusTarget Login1 = new("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager");

    private static readonly BusTarget Systemd1 = new("org.freedesktop.systemd1", "/org/freedesktop/systemd1", "org.freedesktop.systemd1.Manager");
}
