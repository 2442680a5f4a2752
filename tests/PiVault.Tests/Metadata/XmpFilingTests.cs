using System.Text;
using PiVault.Server.Features.Metadata;

namespace PiVault.Tests.Metadata;

/// <summary>
/// What the one XMP reader takes from sidecars as other photo software writes them: the star rating (an attribute or an
/// element), a PiVault export's favourite mark and albums, and keywords — Lightroom's "Parent|Child" paths, digiKam's
/// "Parent/Child" paths, or plain dc:subject names when there are no paths.
/// </summary>
public sealed class XmpFilingTests
{
    private const string Head = """
        <x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
        """;
    private const string Tail = "</rdf:RDF></x:xmpmeta>";

    private static FoundMetadata Read(string description)
    {
        var found = new FoundMetadata();
        XmpReader.Read(Encoding.UTF8.GetBytes(Head + description + Tail), found);
        return found;
    }

    [Fact]
    public void A_lightroom_sidecar_gives_its_rating_and_keyword_paths()
    {
        var found = Read("""
            <rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
                xmlns:lr="http://ns.adobe.com/lightroom/1.0/" xmp:Rating="3">
              <dc:subject><rdf:Bag><rdf:li>Paris</rdf:li><rdf:li>Holiday</rdf:li></rdf:Bag></dc:subject>
              <lr:hierarchicalSubject><rdf:Bag><rdf:li>Places|France|Paris</rdf:li><rdf:li>Holiday</rdf:li></rdf:Bag></lr:hierarchicalSubject>
            </rdf:Description>
            """);
        Assert.Equal(3, found.Rating);
        Assert.Equal(["Places/France/Paris", "Holiday"], found.Tags);
        Assert.Null(found.Favorite);
    }

    [Fact]
    public void A_digikam_sidecar_gives_its_tag_paths_and_an_element_rating()
    {
        var found = Read("""
            <rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:digiKam="http://www.digikam.org/ns/1.0/">
              <xmp:Rating>5</xmp:Rating>
              <digiKam:TagsList><rdf:Seq><rdf:li>People/Anna</rdf:li><rdf:li>People/Ben</rdf:li></rdf:Seq></digiKam:TagsList>
            </rdf:Description>
            """);
        Assert.Equal(5, found.Rating);
        Assert.Equal(["People/Anna", "People/Ben"], found.Tags);
    }

    [Fact]
    public void Plain_keywords_become_top_level_tags_and_a_pivault_sidecar_its_favourite_and_albums()
    {
        var found = Read("""
            <rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pivault="https://pivault.local/ns/1.0/">
              <dc:description><rdf:Alt><rdf:li xml:lang="x-default">At the beach</rdf:li></rdf:Alt></dc:description>
              <dc:subject><rdf:Bag><rdf:li>beach</rdf:li><rdf:li>AC/DC</rdf:li><rdf:li>beach</rdf:li></rdf:Bag></dc:subject>
              <pivault:Favorite>True</pivault:Favorite>
              <pivault:Albums><rdf:Bag><rdf:li>Summer</rdf:li><rdf:li>Best of</rdf:li></rdf:Bag></pivault:Albums>
            </rdf:Description>
            """);
        Assert.Equal(["beach", "AC-DC"], found.Tags); // a "/" inside a keyword is no path
        Assert.Equal("At the beach", found.Description);
        Assert.True(found.Favorite);
        Assert.Equal(["Summer", "Best of"], found.Albums);
        Assert.Null(found.Rating);
    }

    [Theory]
    [InlineData("0", null)]
    [InlineData("-1", -1)]
    [InlineData("4.0", 4)]
    [InlineData("7", null)]
    [InlineData("many", null)]
    public void Ratings_outside_rejected_and_one_to_five_are_unrated(string value, int? expected) =>
        Assert.Equal(expected, Read($"""<rdf:Description xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmp:Rating="{value}"/>""").Rating);
}
