namespace PiVault.Server.Features.Appliance;

/// <summary>
/// A system change that did not happen: the service's D-Bus error reply (AccessDenied when polkit says no,
/// ServiceUnknown when the service is not there, InvalidArgs), or one of the same names for a bus PiVault could not
/// reach. <see cref="Exception.Message"/> is the reason alone, for "could not set the time zone: &lt;reason&gt;".
/// </summary>
public sealed class SystemBusException(string errorName, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>No bus to talk to: the socket is missing, refuses connections, or system changes are turned off.</summary>
    public const string NoServer = "org.freedesktop.DBus.Error.NoServer";

    /// <summary>The connection closed before the reply came.</summary>
    public const string Disconnected = "org.freedesktop.DBus.Error.Disconnected";

    /// <summary>No reply within <see cref="SystemBus.CallTimeout"/>.</summary>
    public const string NoReply = "org.freedesktop.DBus.Error.NoReply";

    public const string InvalidArgs = "org.freedesktop.DBus.Error.InvalidArgs";

    public const string AccessDenied = "org.freedesktop.DBus.Error.AccessDenied";

    public const string ServiceUnknown = "org.freedesktop.DBus.Error.ServiceUnknown";

    /// <summary>The D-Bus error name, e.g. <c>org.freedesktop.DBus.Error.AccessDenied</c>.</summary>
    public string ErrorName { get; } = errorName;
}
