namespace PiVault.Server.Features.Places;

/// <summary>The IANA time zone at a GPS position, offline.</summary>
public interface ITimeZoneLocator
{
    /// <summary>An IANA id such as "Europe/Paris" (Etc/GMT±N at sea), or null when the boundary data is unavailable.</summary>
    string? TimeZoneAt(double latitude, double longitude);
}
