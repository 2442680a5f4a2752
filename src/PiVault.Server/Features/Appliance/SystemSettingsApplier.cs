using PiVault.Server.Configuration;

namespace PiVault.Server.Features.Appliance;

/// <summary>
/// Applies the device name and time zone saved in the settings to the system through <see cref="ISystemBus"/>, when
/// <see cref="PiVaultOptions.SystemBus"/> turns system changes on. Runs after the database commit: a failure is
/// logged and returned as a sentence for the admin, and the saved setting stays.
/// </summary>
public sealed partial class SystemSettingsApplier(PiVaultOptions options, ISystemBus bus, ILogger<SystemSettingsApplier> logger)
{
    public bool Enabled => options.SystemBus is not null;

    /// <param name="deviceName">The hostname to set, or null to leave it.</param>
    /// <param name="timeZone">The IANA time zone to set, or null to leave it.</param>
    /// <returns>One sentence per change that did not happen; empty when all did, or when system changes are off.</returns>
    public async Task<List<string>> ApplyAsync(string? deviceName, string? timeZone, CancellationToken cancellationToken = default)
    {
        var warnings = new List<string>();
        if (!Enabled)
        {
            return warnings;
        }
        if (deviceName is not null)
        {
            await TryAsync("device name", deviceName, () => bus.SetHostnameAsync(deviceName, cancellationToken), warnings);
        }
        if (timeZone is not null)
        {
            await TryAsync("time zone", timeZone, () => bus.SetTimeZoneAsync(timeZone, cancellationToken), warnings);
        }
        return warnings;
    }

    private async Task TryAsync(string what, string value, Func<Task> change, List<string> warnings)
    {
        try
        {
            await change();
            LogApplied(what, value);
        }
        catch (SystemBusException e)
        {
            LogNotApplied(what, value, e.ErrorName, e.Message);
            warnings.Add($"Saved, but the system's {what} could not be set: {e.Message}");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Set the system's {What} to {Value}")]
    private partial void LogApplied(string what, string value);

    /// <summary>No stack trace: the D-Bus error name and reason say all there is (a refusal, a missing service or bus).</summary>
    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not set the system's {What} to {Value}: {ErrorName}: {Reason}")]
    private partial void LogNotApplied(string what, string value, string errorName, string reason);
}
