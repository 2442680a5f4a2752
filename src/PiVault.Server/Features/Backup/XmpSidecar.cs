using System.Globalization;
using System.Text;
using System.Xml;

namespace PiVault.Server.Features.Backup;

/// <summary>
/// What a sidecar says about one original: when, where, its description, favourite, the albums it is in, who is in it, its
/// star rating (-1 rejected, 1..5; null unrated) and its owner's tags (full paths, "Parent/Child").
/// </summary>
public sealed record XmpFacts(DateTimeOffset TakenAt, int? UtcOffsetMinutes, double? Latitude, double? Longitude, double? Altitude, string? Description,
    bool Favorite, IReadOnlyList<string> Albums, IReadOnlyList<string>? People = null, int? Rating = null, IReadOnlyList<string>? Tags = null);

/// <summary>
/// <c>&lt;original&gt;.xmp</c> beside each original on the backup: the metadata PiVault knows in the format photo software
/// reads (Adobe XMP: exif:DateTimeOriginal, exif:GPSLatitude/Longitude, dc:description, xmp:Rating; tags as digiKam and
/// Lightroom write keywords: each tag's name in dc:subject, its path in lr:hierarchicalSubject as "Parent|Child"), plus
/// PiVault's own favourite and album names. Written with <see cref="XmlWriter"/>, so every value is escaped; the same facts give the same bytes,
/// so an unchanged sidecar is not written again.
/// </summary>
public static class XmpSidecar
{
    public const string Suffix = ".xmp";
    public const string RdfNs = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string ExifNs = "http://ns.adobe.com/exif/1.0/";
    public const string XmpNs = "http://ns.adobe.com/xap/1.0/";
    public const string DcNs = "http://purl.org/dc/elements/1.1/";
    public const string PiVaultNs = "https://pivault.local/ns/1.0/";
    public const string IptcExtNs = "http://iptc.org/std/Iptc4xmpExt/2008-02-29/";
    public const string LightroomNs = "http://ns.adobe.com/lightroom/1.0/";

    /// <summary>Whether a manifest path is a sidecar rather than an original.</summary>
    public static bool IsSidecar(string path) => path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase);

    public static string PathFor(string originalPath) => originalPath + Suffix;

    public static byte[] Write(XmpFacts facts)
    {
        var text = new StringBuilder();
        using (var xml = XmlWriter.Create(text, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = true, Encoding = Encoding.UTF8 }))
        {
            xml.WriteStartElement("x", "xmpmeta", "adobe:ns:meta/");
            xml.WriteStartElement("rdf", "RDF", RdfNs);
            xml.WriteStartElement("rdf", "Description", RdfNs);
            xml.WriteAttributeString("rdf", "about", RdfNs, "");
            xml.WriteAttributeString("xmlns", "exif", null, ExifNs);
            xml.WriteAttributeString("xmlns", "xmp", null, XmpNs);
            xml.WriteAttributeString("xmlns", "dc", null, DcNs);
            xml.WriteAttributeString("xmlns", "pivault", null, PiVaultNs);
            if (facts.People is { Count: > 0 })
            {
                xml.WriteAttributeString("xmlns", "Iptc4xmpExt", null, IptcExtNs);
            }
            if (facts.Tags is { Count: > 0 })
            {
                xml.WriteAttributeString("xmlns", "lr", null, LightroomNs);
            }
            var taken = Date(facts.TakenAt, facts.UtcOffsetMinutes);
            xml.WriteElementString("exif", "DateTimeOriginal", ExifNs, taken);
            xml.WriteElementString("xmp", "CreateDate", XmpNs, taken);
            if (facts is { Latitude: { } lat, Longitude: { } lon })
            {
                xml.WriteElementString("exif", "GPSLatitude", ExifNs, Coordinate(lat, 'N', 'S'));
                xml.WriteElementString("exif", "GPSLongitude", ExifNs, Coordinate(lon, 'E', 'W'));
                if (facts.Altitude is { } alt)
                {
                    xml.WriteElementString("exif", "GPSAltitudeRef", ExifNs, alt < 0 ? "1" : "0");
                    xml.WriteElementString("exif", "GPSAltitude", ExifNs, string.Create(CultureInfo.InvariantCulture, $"{Math.Round(Math.Abs(alt) * 100):F0}/100"));
                }
            }
            if (!string.IsNullOrEmpty(facts.Description))
            {
                xml.WriteStartElement("dc", "description", DcNs);
                xml.WriteStartElement("rdf", "Alt", RdfNs);
                xml.WriteStartElement("rdf", "li", RdfNs);
                xml.WriteAttributeString("xml", "lang", null, "x-default");
                xml.WriteString(facts.Description);
                xml.WriteEndElement();
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            if (facts.Rating is { } rating)
            {
                xml.WriteElementString("xmp", "Rating", XmpNs, rating.ToString(CultureInfo.InvariantCulture));
            }
            var tags = facts.Tags ?? [];
            WriteBag(xml, "dc", "subject", DcNs, tags.Select(t => t[(t.LastIndexOf('/') + 1)..]).Distinct(StringComparer.Ordinal).ToList());
            WriteBag(xml, "lr", "hierarchicalSubject", LightroomNs, tags.Select(t => t.Replace('/', '|')).ToList());
            xml.WriteElementString("pivault", "Favorite", PiVaultNs, facts.Favorite ? "True" : "False");
            WriteBag(xml, "pivault", "Albums", PiVaultNs, facts.Albums);
            WriteBag(xml, "Iptc4xmpExt", "PersonInImage", IptcExtNs, facts.People ?? []);
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        return Encoding.UTF8.GetBytes(text.Append('\n').ToString());
    }

    /// <summary>An unordered list property (rdf:Bag); nothing when the list is empty.</summary>
    private static void WriteBag(XmlWriter xml, string prefix, string name, string ns, IReadOnlyList<string> items)
    {
        if (items.Count == 0)
        {
            return;
        }
        xml.WriteStartElement(prefix, name, ns);
        xml.WriteStartElement("rdf", "Bag", RdfNs);
        foreach (var item in items)
        {
            xml.WriteElementString("rdf", "li", RdfNs, item);
        }
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>ISO 8601 local time with its offset when known, else UTC.</summary>
    private static string Date(DateTimeOffset utc, int? offsetMinutes) => offsetMinutes is { } minutes
        ? utc.ToOffset(TimeSpan.FromMinutes(minutes)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)
        : utc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>XMP's GPS coordinate: degrees, decimal minutes and the hemisphere ("52,31.2000N").</summary>
    private static string Coordinate(double value, char positive, char negative)
    {
        var abs = Math.Abs(value);
        var degrees = Math.Floor(abs);
        return string.Create(CultureInfo.InvariantCulture, $"{degrees:F0},{(abs - degrees) * 60:F6}{(value < 0 ? negative : positive)}");
    }
}
