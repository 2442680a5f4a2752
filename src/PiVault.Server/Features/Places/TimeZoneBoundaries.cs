namespace PiVault.Server.Features.Places;

/// <summary>The polygons of one zone inside a quadtree cell; each ring is flat (lon, lat, lon, lat, …).</summary>
internal sealed record ZoneShape(string ZoneId, List<List<double[]>> Polygons)
{
    /// <summary>Even-odd ray casting over all rings of a polygon, so holes count as outside.</summary>
    public bool Contains(double latitude, double longitude)
    {
        foreach (var polygon in Polygons)
        {
            var inside = false;
            foreach (var ring in polygon)
            {
                var points = ring.Length / 2;
                for (int i = 0, j = points - 1; i < points; j = i++)
                {
                    double xi = ring[2 * i], yi = ring[2 * i + 1], xj = ring[2 * j], yj = ring[2 * j + 1];
                    if ((yi > latitude) != (yj > latitude) && longitude < (xj - xi) * (latitude - yi) / (yj - yi) + xi)
                    {
                        inside = !inside;
                    }
                }
            }
            if (inside)
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// Decodes one geobuf block of geo-tz's .geo.dat (a FeatureCollection whose features carry a "tzid" property and a
/// Polygon or MultiPolygon). Geobuf: Data { 1 keys, 2 dimensions, 3 precision, 4 FeatureCollection { 1 Feature {
/// 1 Geometry { 1 type, 2 packed lengths, 3 packed sint coordinate deltas (reset per ring, closing point left out) },
/// 13 values, 14 packed (key, value) property indexes } } }.
/// </summary>
internal static class TimeZoneBoundaries
{
    private const int Polygon = 4, MultiPolygon = 5;

    public static List<ZoneShape> Decode(ReadOnlySpan<byte> block)
    {
        var keys = new List<string>();
        var dimensions = 2;
        var scale = 1e6;
        var shapes = new List<ZoneShape>();
        var data = new ProtobufReader(block);
        while (!data.AtEnd)
        {
            switch (data.ReadKey())
            {
                case (1, 2): keys.Add(data.ReadString()); break;
                case (2, 0): dimensions = (int)Math.Clamp(data.ReadVarint(), 2UL, 4UL); break;
                case (3, 0): scale = Math.Pow(10, Math.Min(data.ReadVarint(), 12UL)); break;
                case (4, 2): ReadFeatureCollection(data.ReadBytes(), keys, dimensions, scale, shapes); break;
                case (_, var wireType): data.Skip(wireType); break;
            }
        }
        return shapes;
    }

    private static void ReadFeatureCollection(ReadOnlySpan<byte> bytes, List<string> keys, int dimensions, double scale, List<ZoneShape> shapes)
    {
        var collection = new ProtobufReader(bytes);
        while (!collection.AtEnd)
        {
            switch (collection.ReadKey())
            {
                case (1, 2):
                    if (ReadFeature(collection.ReadBytes(), keys, dimensions, scale) is { } shape)
                    {
                        shapes.Add(shape);
                    }
                    break;
                case (_, var wireType): collection.Skip(wireType); break;
            }
        }
    }

    private static ZoneShape? ReadFeature(ReadOnlySpan<byte> bytes, List<string> keys, int dimensions, double scale)
    {
        var feature = new ProtobufReader(bytes);
        var values = new List<string>();
        string? zone = null;
        List<List<double[]>>? polygons = null;
        while (!feature.AtEnd)
        {
            switch (feature.ReadKey())
            {
                case (1, 2): polygons = ReadGeometry(feature.ReadBytes(), dimensions, scale); break;
                case (13, 2): values.Add(ReadStringValue(feature.ReadBytes())); break;
                case (14, 2):
                    var properties = new ProtobufReader(feature.ReadBytes());
                    while (!properties.AtEnd)
                    {
                        var key = (int)properties.ReadVarint();
                        var value = (int)properties.ReadVarint();
                        if (key < keys.Count && keys[key] == "tzid" && value < values.Count)
                        {
                            zone = values[value];
                        }
                    }
                    break;
                case (_, var wireType): feature.Skip(wireType); break;
            }
        }
        return zone is not null && polygons is not null ? new ZoneShape(zone, polygons) : null;
    }

    private static string ReadStringValue(ReadOnlySpan<byte> bytes)
    {
        var value = new ProtobufReader(bytes);
        while (!value.AtEnd)
        {
            switch (value.ReadKey())
            {
                case (1, 2): return value.ReadString();
                case (_, var wireType): value.Skip(wireType); break;
            }
        }
        return "";
    }

    private static List<List<double[]>>? ReadGeometry(ReadOnlySpan<byte> bytes, int dimensions, double scale)
    {
        var geometry = new ProtobufReader(bytes);
        var type = 0;
        List<int>? lengths = null;
        var coordinates = ReadOnlySpan<byte>.Empty;
        while (!geometry.AtEnd)
        {
            switch (geometry.ReadKey())
            {
                case (1, 0): type = (int)geometry.ReadVarint(); break;
                case (2, 2):
                    lengths = [];
                    var packed = new ProtobufReader(geometry.ReadBytes());
                    while (!packed.AtEnd)
                    {
                        lengths.Add((int)Math.Min(packed.ReadVarint(), int.MaxValue));
                    }
                    break;
                case (3, 2): coordinates = geometry.ReadBytes(); break;
                case (_, var wireType): geometry.Skip(wireType); break;
            }
        }
        if (type is not (Polygon or MultiPolygon))
        {
            return null;
        }
        var reader = new ProtobufReader(coordinates);
        var polygons = new List<List<double[]>>();
        if (lengths is null or { Count: 0 })
        {
            polygons.Add([ReadRing(ref reader, null, dimensions, scale)]);
        }
        else if (type == Polygon)
        {
            polygons.Add([.. lengths.Select(_ => Array.Empty<double>())]);
            for (var r = 0; r < lengths.Count; r++)
            {
                polygons[0][r] = ReadRing(ref reader, lengths[r], dimensions, scale);
            }
        }
        else
        {
            // MultiPolygon lengths: polygon count, then per polygon its ring count followed by each ring's length.
            var j = 1;
            for (var p = 0; p < lengths[0] && j < lengths.Count; p++)
            {
                var rings = new List<double[]>();
                for (var r = 0; r < lengths[j] && j + 1 + r < lengths.Count; r++)
                {
                    rings.Add(ReadRing(ref reader, lengths[j + 1 + r], dimensions, scale));
                }
                j += lengths[j] + 1;
                polygons.Add(rings);
            }
        }
        return polygons;
    }

    /// <summary>A ring's points as deltas from the previous point, starting from zero; extra dimensions are skipped.</summary>
    private static double[] ReadRing(ref ProtobufReader reader, int? count, int dimensions, double scale)
    {
        var points = new List<double>();
        long x = 0, y = 0;
        for (var i = 0; (count is null || i < count) && !reader.AtEnd; i++)
        {
            x += reader.ReadSVarint();
            y += reader.ReadSVarint();
            for (var d = 2; d < dimensions; d++)
            {
                reader.ReadSVarint();
            }
            points.Add(x / scale);
            points.Add(y / scale);
        }
        return [.. points];
    }
}
