namespace PiVault.Server.Configuration;

/// <summary>
/// Which D-Bus PiVault asks to apply the device name and time zone to the system: <c>system</c> (the appliance's
/// default), <c>off</c> (the development default: a developer's own machine keeps its name), or an address a test gives.
/// </summary>
public static class SystemBusSetting
{
    public const string SystemSocket = "unix:path=/run/dbus/system_bus_socket";

    /// <returns>The D-Bus address, or null when system changes are off.</returns>
    public static string? Resolve(string? value, RunProfile profile, Func<string, string?> env)
    {
        var choice = value?.Trim() ?? (profile == RunProfile.Appliance ? "system" : "off");
        return choice.ToLowerInvariant() switch
        {
            "off" or "none" => null,
            "system" => string.IsNullOrWhiteSpace(env("DBUS_SYSTEM_BUS_ADDRESS")) ? SystemSocket : env("DBUS_SYSTEM_BUS_ADDRESS"),
            _ when choice.Contains(':', StringComparison.Ordinal) => choice,
            _ => throw new OptionsException($"'system-bus' must be system, off or a D-Bus address such as unix:path=/run/dbus/system_bus_socket, not '{value}'."),
        };
    }
}
