namespace PiVault.Server.Features.Places;

/// <summary>Names the place nearest to a GPS position, offline.</summary>
public interface IReverseGeocoder
{
    /// <summary>The nearest known city within <see cref="GeoNamesReverseGeocoder.MaxDistanceKm"/>, or null (open sea, wilderness, no data).</summary>
    Place? Nearest(double latitude, double longitude);
}

/// <param name="AdminCode">GeoNames admin1 code (e.g. "NM" for New Mexico, "11" for Île-de-France); GeoNames has no names for these in this data set.</param>
/// <param name="CountryCode">ISO 3166-1 alpha-2 (GeoNames uses XK for Kosovo).</param>
public sealed record Place(string Name, string? AdminCode, string CountryCode, string? CountryName, double Latitude, double Longitude, double DistanceKm);
