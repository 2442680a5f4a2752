using System.Globalization;
using System.Text;
using System.Xml;

namespace PiVault.Server.Features.Metadata;

/// <summary>
/// Reads the few XMP properties PiVault uses, whether written as attributes of rdf:Description or as child elements,
/// and the list properties (albums, keywords, keyword paths) as their rdf:li values.
/// A malformed packet keeps whatever was read before the error.
/// </summary>
internal static class XmpReader
{
    private const string Photoshop = "http://ns.adobe.com/photoshop/1.0/";
    private const string Xmp = "http://ns.adobe.com/xap/1.0/";
    private const string Exif = "http://ns.adobe.com/exif/1.0/";
    private const string ExifEx = "http://cipa.jp/exif/1.0/";
    private const string Tiff = "http://ns.adobe.com/tiff/1.0/";
    private const string Aux = "http://ns.adobe.com/exif/1.0/aux/";
    private const string DublinCore = "http://purl.org/dc/elements/1.1/";
    private const string PiVault = "https://pivault.local/ns/1.0/"; // Backup.XmpSidecar.PiVaultNs: the albums PiVault's sidecars name
    private const string Lightroom = "http://ns.adobe.com/lightroom/1.0/";
    private const string DigiKam = "http://www.digikam.org/ns/1.0/";
    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    private const string GCamera = "http://ns.google.com/photos/1.0/camera/";
    private const string Container = "http://ns.google.com/photos/1.0/container/";
    private const string ContainerItemNs = "http://ns.google.com/photos/1.0/container/item/";

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        ConformanceLevel = ConformanceLevel.Fragment,
        MaxCharactersInDocument = 4 * 1024 * 1024,
        IgnoreComments = true,
        CheckCharacters = false,
    };

    public static void Read(ReadOnlySpan<byte> packet, FoundMetadata into)
    {
        // Writers pad packets with NULs or put a namespace prefix before them; start at the first '<'.
        var start = packet.IndexOf((byte)'<');
        if (start < 0)
        {
            return;
        }
        var end = packet.LastIndexOf((byte)'>');
        if (end <= start)
        {
            return;
        }
        var text = Encoding.UTF8.GetString(packet[start..(end + 1)]);
        var gps = new XmpGps();
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), Settings);
            Walk(reader, into, gps);
        }
        catch (XmlException)
        {
            // Keep what was read before the malformed part.
        }
        if (gps.Latitude is not null && gps.Longitude is not null)
        {
            into.SetPosition(gps.Latitude.Value, gps.Longitude.Value);
        }
        if (gps.Altitude is not null)
        {
            into.SetAltitude(gps.AltitudeBelowSeaLevel ? -gps.Altitude.Value : gps.Altitude.Value);
        }
    }

    private static void Walk(XmlReader reader, FoundMetadata into, XmpGps gps)
    {
        (string Ns, string Name)? pending = null;
        (string Ns, string Name)? list = null; // inside a list property (an rdf:Bag or rdf:Seq): each rdf:li is one value of it
        var listDepth = -1;
        while (reader.Read())
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.EndElement when reader.Depth == listDepth:
                    (list, listDepth) = (null, -1);
                    break;
                case XmlNodeType.Element when !reader.IsEmptyElement && IsList(reader.NamespaceURI, reader.LocalName):
                    (list, listDepth) = ((reader.NamespaceURI, reader.LocalName), reader.Depth);
                    break;
                case XmlNodeType.Element when list is not null && reader is { NamespaceURI: Rdf, LocalName: "li" }:
                    pending = list;
                    break;
                case XmlNodeType.Element:
                    if (reader.NamespaceURI == Container && reader.LocalName == "Item")
                    {
                        into.MotionPhoto.Items.Add(new ContainerItem()); // its Item:* attributes follow
                    }
                    if (IsKnown(reader.NamespaceURI, reader.LocalName))
                    {
                        pending = (reader.NamespaceURI, reader.LocalName);
                    }
                    if (reader.MoveToFirstAttribute())
                    {
                        do
                        {
                            Apply(reader.NamespaceURI, reader.LocalName, reader.Value, into, gps);
                        }
                        while (reader.MoveToNextAttribute());
                        reader.MoveToElement();
                    }
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA when pending is { } property:
                    Apply(property.Ns, property.Name, reader.Value, into, gps);
                    pending = null;
                    break;
            }
        }
    }

    /// <summary>The properties whose value is a list (each rdf:li one value).</summary>
    private static bool IsList(string ns, string name) => (ns, name) switch
    {
        (PiVault, "Albums") or (DublinCore, "subject") or (Lightroom, "hierarchicalSubject") or (DigiKam, "TagsList") => true,
        _ => false,
    };

    private static bool IsKnown(string ns, string name) => (ns, name) switch
    {
        (Photoshop, "DateCreated") or (Xmp, "CreateDate") or (Exif, "DateTimeOriginal") => true,
        (Exif, "GPSLatitude" or "GPSLongitude" or "GPSAltitude" or "GPSAltitudeRef") => true,
        (Tiff, "Orientation" or "Make" or "Model") or (Aux, "Lens") or (ExifEx, "LensModel") or (DublinCore, "description") => true,
        (Xmp, "Rating") or (PiVault, "Favorite") => true,
        (GCamera, "MicroVideo" or "MicroVideoOffset" or "MotionPhoto") or (ContainerItemNs, "Semantic" or "Length" or "Padding") => true,
        _ => false,
    };

    private static void Apply(string ns, string name, string value, FoundMetadata into, XmpGps gps)
    {
        switch (ns, name)
        {
            case (Photoshop, "DateCreated"): into.SetXmpDateCreated(value); break;
            case (Xmp, "CreateDate"): into.SetXmpCreateDate(value); break;
            case (Exif, "DateTimeOriginal"): into.SetXmpDateTimeOriginal(value); break;
            case (Exif, "GPSLatitude"): gps.Latitude ??= ParseCoordinate(value); break;
            case (Exif, "GPSLongitude"): gps.Longitude ??= ParseCoordinate(value); break;
            case (Exif, "GPSAltitude"): gps.Altitude ??= ParseRational(value); break;
            case (Exif, "GPSAltitudeRef"): gps.AltitudeBelowSeaLevel = value.Trim() == "1"; break;
            case (Tiff, "Orientation"): into.SetOrientation(int.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var o) ? o : null); break;
            case (Tiff, "Make"): into.SetMake(value); break;
            case (Tiff, "Model"): into.SetModel(value); break;
            case (Aux, "Lens") or (ExifEx, "LensModel"): into.SetLensModel(value); break;
            case (DublinCore, "description"): into.SetDescription(value); break;
            case (PiVault, "Albums"): into.AddAlbum(value); break;
            case (PiVault, "Favorite"): into.SetFavorite(value); break;
            case (Xmp, "Rating"): into.SetRating(value); break;
            case (DublinCore, "subject"): into.AddKeyword(value); break;
            case (Lightroom, "hierarchicalSubject"): into.AddKeywordPath(value, '|'); break;
            case (DigiKam, "TagsList"): into.AddKeywordPath(value, '/'); break;
            case (GCamera, "MicroVideo"): into.MotionPhoto.MicroVideo = value.Trim() == "1"; break;
            case (GCamera, "MotionPhoto"): into.MotionPhoto.MotionPhoto = value.Trim() == "1"; break;
            case (GCamera, "MicroVideoOffset"): into.MotionPhoto.MicroVideoOffset ??= Integer(value); break;
            case (ContainerItemNs, _) when into.MotionPhoto.Items.LastOrDefault() is { } item: ApplyItem(item, name, value); break;
        }
    }

    private static void ApplyItem(ContainerItem item, string name, string value)
    {
        switch (name)
        {
            case "Semantic": item.Semantic ??= value.Trim(); break;
            case "Length": item.Length ??= Integer(value); break;
            case "Padding": item.Padding ??= Integer(value); break;
        }
    }

    private static long? Integer(string value) =>
        long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;

    /// <summary>XMP writes coordinates as "DDD,MM.mmk" or "DDD,MM,SSk" with k one of N, S, E, W.</summary>
    internal static double? ParseCoordinate(string value)
    {
        var text = value.Trim();
        if (text.Length < 2)
        {
            return null;
        }
        var direction = char.ToUpperInvariant(text[^1]);
        var sign = direction is 'S' or 'W' ? -1 : 1;
        var numbers = direction is 'N' or 'S' or 'E' or 'W' ? text[..^1] : text;
        var parts = numbers.Split(',');
        if (parts.Length is 0 or > 3)
        {
            return null;
        }
        double total = 0;
        double scale = 1;
        foreach (var part in parts)
        {
            if (!double.TryParse(part, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }
            total += number / scale;
            scale *= 60;
        }
        return sign * total;
    }

    private static double? ParseRational(string value)
    {
        var parts = value.Trim().Split('/');
        if (parts.Length == 2 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0)
        {
            return n / d;
        }
        return double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var plain) ? plain : null;
    }

    private sealed class XmpGps
    {
        public double? Latitude { get; set; }
        public double? Longitude { get; set; }
        public double? Altitude { get; set; }
        public bool AltitudeBelowSeaLevel { get; set; }
    }
}
