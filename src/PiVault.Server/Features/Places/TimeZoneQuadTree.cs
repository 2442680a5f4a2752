using System.Text.Json;

namespace PiVault.Server.Features.Places;

/// <summary>
/// geo-tz's index (<c>timezones.geojson.index.json</c>): a quadtree over the world whose leaves either name the
/// zones of a whole cell, or point (pos, len) at a geobuf FeatureCollection of exact boundaries in the .geo.dat file,
/// or are absent (open sea). Children are keyed a (NE), b (NW), c (SW), d (SE). Held as flat arrays, about 1.5 MB.
/// </summary>
internal sealed class TimeZoneQuadTree
{
    private const byte Inner = 0, Zones = 1, Boundaries = 2;
    private const double Edge = 89.9999, LongitudeEdge = 179.9999;

    private readonly int[] _children;
    private readonly byte[] _kind;
    private readonly int[] _first;
    private readonly int[] _second;
    private readonly ushort[] _zoneLists;

    public TimeZoneQuadTree(ReadOnlySpan<byte> indexJson)
    {
        using var document = JsonDocument.Parse(indexJson.ToArray(), new JsonDocumentOptions { MaxDepth = 64 });
        ZoneNames = [.. document.RootElement.GetProperty("timezones").EnumerateArray().Select(z => z.GetString() ?? "")];
        var builder = new Builder();
        builder.Add(document.RootElement.GetProperty("lookup"));
        // Arrays, not the builder's lists: no spare capacity kept for the life of the process.
        (_children, _kind, _first, _second, _zoneLists) =
            ([.. builder.Children], [.. builder.Kind], [.. builder.First], [.. builder.Second], [.. builder.ZoneLists]);
    }

    public string[] ZoneNames { get; }

    /// <summary>What the tree says at a point: a zone (index into <see cref="ZoneNames"/>), a boundary block to test, or sea.</summary>
    public TimeZoneCell Find(double latitude, double longitude)
    {
        latitude = Math.Clamp(latitude, -Edge, Edge);
        longitude = Math.Clamp(longitude, -LongitudeEdge, LongitudeEdge);
        double top = Edge, bottom = -Edge, left = -LongitudeEdge, right = LongitudeEdge, midLatitude = 0, midLongitude = 0;
        var node = 0;
        for (var depth = 0; depth < 64; depth++)
        {
            int quadrant;
            if (latitude >= midLatitude)
            {
                bottom = midLatitude;
                if (longitude >= midLongitude)
                {
                    (quadrant, left) = (0, midLongitude);
                }
                else
                {
                    (quadrant, right) = (1, midLongitude);
                }
            }
            else
            {
                top = midLatitude;
                if (longitude < midLongitude)
                {
                    (quadrant, right) = (2, midLongitude);
                }
                else
                {
                    (quadrant, left) = (3, midLongitude);
                }
            }
            node = _children[node * 4 + quadrant];
            if (node < 0)
            {
                return TimeZoneCell.Sea;
            }
            switch (_kind[node])
            {
                case Zones: return new TimeZoneCell(_zoneLists[_first[node]], -1, 0, node);
                case Boundaries: return new TimeZoneCell(-1, _first[node], _second[node], node);
            }
            midLatitude = (top + bottom) / 2;
            midLongitude = (left + right) / 2;
        }
        return TimeZoneCell.Sea;
    }

    /// <summary>Flattens the JSON tree depth-first; node 0 is the root.</summary>
    private sealed class Builder
    {
        public List<int> Children { get; } = [];
        public List<byte> Kind { get; } = [];
        public List<int> First { get; } = [];
        public List<int> Second { get; } = [];
        public List<ushort> ZoneLists { get; } = [];

        public int Add(JsonElement element)
        {
            var index = Kind.Count;
            Children.AddRange([-1, -1, -1, -1]);
            Kind.Add(Inner);
            First.Add(0);
            Second.Add(0);
            if (element.ValueKind == JsonValueKind.Array)
            {
                // Several zones share the cell when they agree there; the first is as good as any for an offset.
                (Kind[index], First[index], Second[index]) = (Zones, ZoneLists.Count, element.GetArrayLength());
                ZoneLists.AddRange(element.EnumerateArray().Select(z => checked((ushort)z.GetInt32())));
            }
            else if (element.TryGetProperty("pos", out var pos) && element.TryGetProperty("len", out var len))
            {
                (Kind[index], First[index], Second[index]) = (Boundaries, pos.GetInt32(), len.GetInt32());
            }
            else
            {
                foreach (var child in element.EnumerateObject())
                {
                    var quadrant = child.Name switch { "a" => 0, "b" => 1, "c" => 2, "d" => 3, _ => -1 };
                    if (quadrant >= 0)
                    {
                        var childIndex = Add(child.Value);
                        Children[index * 4 + quadrant] = childIndex;
                    }
                }
            }
            return index;
        }
    }
}

/// <summary>A quadtree leaf: a whole-cell zone, a block of exact boundaries (<see cref="Position"/>, <see cref="Length"/>) in the .geo.dat file, or sea.</summary>
internal readonly record struct TimeZoneCell(int Zone, int Position, int Length, int Node)
{
    public static readonly TimeZoneCell Sea = new(-1, -1, 0, -1);

    public bool IsSea => Zone < 0 && Position < 0;
}
