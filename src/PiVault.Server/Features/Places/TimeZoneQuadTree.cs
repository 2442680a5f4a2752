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
        // A streaming reader: JsonDocument would rent megabytes from the shared array pool and leave them there.
        var reader = new Utf8JsonReader(indexJson, new JsonReaderOptions { MaxDepth = 64 });
        var builder = new Builder();
        var zoneNames = new List<string>();
        Expect(ref reader, JsonTokenType.StartObject);
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            Next(ref reader);
            if (property == "timezones" && reader.TokenType == JsonTokenType.StartArray)
            {
                while (Next(ref reader) == JsonTokenType.String)
                {
                    zoneNames.Add(reader.GetString() ?? "");
                }
            }
            else if (property == "lookup")
            {
                builder.Add(ref reader);
            }
            else
            {
                reader.Skip();
            }
        }
        if (builder.Kind.Count == 0)
        {
            throw new InvalidDataException("time-zone index: no lookup tree");
        }
        ZoneNames = [.. zoneNames];
        // Arrays, not the builder's lists: no spare capacity kept for the life of the process.
        (_children, _kind, _first, _second, _zoneLists) =
            ([.. builder.Children], [.. builder.Kind], [.. builder.First], [.. builder.Second], [.. builder.ZoneLists]);
    }

    private static JsonTokenType Next(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw new InvalidDataException("time-zone index: truncated JSON");

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (Next(ref reader) != type)
        {
            throw new InvalidDataException($"time-zone index: expected {type}, found {reader.TokenType}");
        }
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

        /// <summary>Reads the value at the reader (already on its first token) as a node and returns its index.</summary>
        public int Add(ref Utf8JsonReader reader)
        {
            var index = Kind.Count;
            Children.AddRange([-1, -1, -1, -1]);
            Kind.Add(Inner);
            First.Add(0);
            Second.Add(0);
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                // Several zones share the cell when they agree there; the first is as good as any for an offset.
                var start = ZoneLists.Count;
                while (Next(ref reader) == JsonTokenType.Number)
                {
                    ZoneLists.Add(checked((ushort)reader.GetInt32()));
                }
                (Kind[index], First[index], Second[index]) = (Zones, start, ZoneLists.Count - start);
                return index;
            }
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidDataException($"time-zone index: unexpected {reader.TokenType}");
            }
            while (Next(ref reader) == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                Next(ref reader);
                switch (name)
                {
                    case "pos": (Kind[index], First[index]) = (Boundaries, reader.GetInt32()); break;
                    case "len": Second[index] = reader.GetInt32(); break;
                    case "a" or "b" or "c" or "d":
                        var quadrant = name[0] - 'a';
                        var child = Add(ref reader);
                        Children[index * 4 + quadrant] = child;
                        break;
                    default: reader.Skip(); break;
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
