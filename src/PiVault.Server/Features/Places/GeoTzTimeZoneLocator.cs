using System.Globalization;

namespace PiVault.Server.Features.Places;

/// <summary>
/// Time zone at a GPS position from geo-tz's data (npm geo-tz, MIT; boundaries from timezone-boundary-builder, ODbL,
/// derived from OpenStreetMap). Uses the full set, one boundary per IANA zone: the "1970" and "now" sets merge zones
/// whose clocks agree (Nairobi becomes Asia/Riyadh), which keeps offsets but shows users the wrong name. The index
/// loads once (under 0.2 s, 1.4 MB); exact boundaries are read per lookup from the .geo.dat file (at most ~80 KB) and the
/// most recent cells are kept decoded.
/// </summary>
public sealed class GeoTzTimeZoneLocator : ITimeZoneLocator
{
    private const string IndexFile = "timezones.geojson.index.json";
    private const string BoundaryFile = "timezones.geojson.geo.dat";
    private const int MaxBlockBytes = 4 * 1024 * 1024;
    private const int CachedCells = 64;

    private readonly string _boundaryPath;
    private readonly Lazy<TimeZoneQuadTree?> _tree;
    private readonly Dictionary<int, List<ZoneShape>> _cells = [];
    private readonly Lock _cellsLock = new();

    /// <param name="dataFolder">geo-tz's data folder, e.g. deps/node_modules/geo-tz/data.</param>
    public GeoTzTimeZoneLocator(string dataFolder)
    {
        _boundaryPath = Path.Combine(dataFolder, BoundaryFile);
        _tree = new Lazy<TimeZoneQuadTree?>(() => Load(Path.Combine(dataFolder, IndexFile)), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsAvailable => _tree.Value is not null && File.Exists(_boundaryPath);

    public string? LoadError { get; private set; }

    public string? TimeZoneAt(double latitude, double longitude)
    {
        if (_tree.Value is not { } tree || !double.IsFinite(latitude) || !double.IsFinite(longitude) || Math.Abs(latitude) > 90 || Math.Abs(longitude) > 180)
        {
            return null;
        }
        var cell = tree.Find(latitude, longitude);
        if (cell.Zone >= 0)
        {
            return tree.ZoneNames[cell.Zone];
        }
        if (!cell.IsSea)
        {
            foreach (var shape in Shapes(cell))
            {
                if (shape.Contains(latitude, longitude))
                {
                    return shape.ZoneId;
                }
            }
        }
        return NauticalZone(longitude);
    }

    /// <summary>At sea: the nautical zone, 15° of longitude per hour (Etc/GMT signs are inverted: Etc/GMT-1 is UTC+1).</summary>
    internal static string NauticalZone(double longitude)
    {
        var hours = (int)Math.Round(longitude / 15, MidpointRounding.AwayFromZero);
        return hours == 0 ? "Etc/GMT" : string.Create(CultureInfo.InvariantCulture, $"Etc/GMT{(hours > 0 ? "-" : "+")}{Math.Abs(hours)}");
    }

    private List<ZoneShape> Shapes(TimeZoneCell cell)
    {
        lock (_cellsLock)
        {
            if (_cells.TryGetValue(cell.Node, out var cached))
            {
                return cached;
            }
        }
        var shapes = ReadShapes(cell);
        lock (_cellsLock)
        {
            // Photos cluster in few places, so a small cache that starts over when full is enough.
            if (_cells.Count >= CachedCells)
            {
                _cells.Clear();
            }
            _cells[cell.Node] = shapes;
        }
        return shapes;
    }

    private List<ZoneShape> ReadShapes(TimeZoneCell cell)
    {
        if (cell.Length is <= 0 or > MaxBlockBytes)
        {
            return [];
        }
        try
        {
            using var handle = File.OpenHandle(_boundaryPath);
            var block = new byte[cell.Length];
            var read = RandomAccess.Read(handle, block, cell.Position);
            return read == block.Length ? TimeZoneBoundaries.Decode(block) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            LoadError = $"{_boundaryPath}: {e.Message}";
            return [];
        }
    }

    private TimeZoneQuadTree? Load(string indexPath)
    {
        try
        {
            return new TimeZoneQuadTree(File.ReadAllBytes(indexPath));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException or InvalidOperationException or FormatException or OverflowException)
        {
            LoadError = $"{indexPath}: {e.Message}";
            return null;
        }
    }
}
