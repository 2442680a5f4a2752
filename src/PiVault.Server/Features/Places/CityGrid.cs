using System.Text;

namespace PiVault.Server.Features.Places;

/// <summary>
/// The cities in compact arrays, sorted by 1° grid cell so a lookup scans only the cells within the search radius.
/// About 4 MB for GeoNames' ~140,000 cities: coordinates as 1e-5 degree integers, names as one UTF-8 block,
/// country and admin codes as indexes into small shared tables.
/// </summary>
internal sealed class CityGrid
{
    private const int LatitudeCells = 180;
    private const int LongitudeCells = 360;
    private const double EarthRadiusKm = 6371.0088;
    private const double KmPerDegree = Math.PI * EarthRadiusKm / 180;

    private readonly int[] _cellStart;
    private readonly int[] _latitudeE5;
    private readonly int[] _longitudeE5;
    private readonly int[] _nameStart;
    private readonly byte[] _names;
    private readonly ushort[] _country;
    private readonly ushort[] _admin;
    private readonly string[] _countries;
    private readonly string[] _admins;

    public CityGrid(List<CityRecord> cities)
    {
        var order = Enumerable.Range(0, cities.Count).ToArray();
        var cells = cities.Select(c => Cell(c.LatitudeE5 / 1e5, c.LongitudeE5 / 1e5)).ToArray();
        Array.Sort(cells, order);
        _latitudeE5 = new int[order.Length];
        _longitudeE5 = new int[order.Length];
        _nameStart = new int[order.Length + 1];
        _country = new ushort[order.Length];
        _admin = new ushort[order.Length];
        _cellStart = new int[LatitudeCells * LongitudeCells + 1];
        var countries = new Dictionary<string, ushort>(StringComparer.Ordinal);
        var admins = new Dictionary<string, ushort>(StringComparer.Ordinal);
        using var names = new MemoryStream();
        for (var i = 0; i < order.Length; i++)
        {
            var city = cities[order[i]];
            _latitudeE5[i] = city.LatitudeE5;
            _longitudeE5[i] = city.LongitudeE5;
            _nameStart[i] = (int)names.Length;
            names.Write(Encoding.UTF8.GetBytes(city.Name));
            _country[i] = Intern(countries, city.Country);
            _admin[i] = Intern(admins, city.AdminCode);
            _cellStart[cells[i] + 1]++;
        }
        _nameStart[order.Length] = (int)names.Length;
        _names = names.ToArray();
        for (var c = 1; c < _cellStart.Length; c++)
        {
            _cellStart[c] += _cellStart[c - 1];
        }
        _countries = [.. countries.OrderBy(p => p.Value).Select(p => p.Key)];
        _admins = [.. admins.OrderBy(p => p.Value).Select(p => p.Key)];
    }

    public int Count => _latitudeE5.Length;

    /// <summary>Bytes held by the arrays (strings of the small code tables not counted).</summary>
    public long SizeBytes => (_cellStart.Length + _latitudeE5.Length * 2L + _nameStart.Length) * sizeof(int) + _names.Length + _country.Length * 4L;

    public Place? Nearest(double latitude, double longitude, double maxKm)
    {
        if (!double.IsFinite(latitude) || !double.IsFinite(longitude) || Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180)
        {
            return null;
        }
        var best = -1;
        var bestKm = maxKm;
        var latitudeSpan = maxKm / KmPerDegree;
        var southRow = Math.Max(0, (int)Math.Floor(latitude - latitudeSpan + 90));
        var northRow = Math.Min(LatitudeCells - 1, (int)Math.Floor(latitude + latitudeSpan + 90));
        // Longitude degrees shrink towards the poles; near them every column is in reach.
        var widestLatitude = Math.Min(90, Math.Abs(latitude) + latitudeSpan);
        var cos = Math.Cos(widestLatitude * Math.PI / 180);
        var longitudeSpan = cos < 1e-6 ? 180 : latitudeSpan / cos;
        var (westColumn, eastColumn) = longitudeSpan >= 180
            ? (0, LongitudeCells - 1)
            : ((int)Math.Floor(longitude - longitudeSpan + 180), (int)Math.Floor(longitude + longitudeSpan + 180));
        for (var row = southRow; row <= northRow; row++)
        {
            for (var column = westColumn; column <= eastColumn; column++)
            {
                // Columns past ±180° wrap around the antimeridian.
                var cell = row * LongitudeCells + ((column % LongitudeCells) + LongitudeCells) % LongitudeCells;
                for (var i = _cellStart[cell]; i < _cellStart[cell + 1]; i++)
                {
                    var km = DistanceKm(latitude, longitude, _latitudeE5[i] / 1e5, _longitudeE5[i] / 1e5);
                    if (km < bestKm)
                    {
                        (best, bestKm) = (i, km);
                    }
                }
            }
        }
        return best < 0 ? null : ToPlace(best, bestKm);
    }

    private Place ToPlace(int i, double km)
    {
        var name = Encoding.UTF8.GetString(_names, _nameStart[i], _nameStart[i + 1] - _nameStart[i]);
        var country = _countries[_country[i]];
        var admin = _admins[_admin[i]];
        return new Place(name, admin.Length == 0 ? null : admin, country, CountryNames.Find(country), _latitudeE5[i] / 1e5, _longitudeE5[i] / 1e5, Math.Round(km, 3));
    }

    private static int Cell(double latitude, double longitude)
    {
        var row = Math.Clamp((int)Math.Floor(latitude + 90), 0, LatitudeCells - 1);
        var column = Math.Clamp((int)Math.Floor(longitude + 180), 0, LongitudeCells - 1);
        return row * LongitudeCells + column;
    }

    private static ushort Intern(Dictionary<string, ushort> table, string value)
    {
        if (!table.TryGetValue(value, out var index))
        {
            index = checked((ushort)table.Count);
            table[value] = index;
        }
        return index;
    }

    /// <summary>Great-circle distance (haversine).</summary>
    internal static double DistanceKm(double lat1, double lon1, double lat2, double lon2)
    {
        const double toRadians = Math.PI / 180;
        var dLat = (lat2 - lat1) * toRadians;
        var dLon = (lon2 - lon1) * toRadians;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2)
            + Math.Cos(lat1 * toRadians) * Math.Cos(lat2 * toRadians) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
