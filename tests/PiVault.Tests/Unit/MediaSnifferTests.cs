using PiVault.Server.Features.Assets;
using PiVault.Tests.Infrastructure;

namespace PiVault.Tests.Unit;

public sealed class MediaSnifferTests
{
    [Theory]
    [InlineData("exif-orientation-examples/Landscape_1.jpg", AssetType.Image, "image/jpeg")]
    [InlineData("exif-samples/heic/IMG_5195.HEIC", AssetType.Image, "image/heic")]
    [InlineData("exif-py/test_video.mp4", AssetType.Video, "video/mp4")]
    [InlineData("exiftool-t-images/CanonRaw.cr2", AssetType.Image, "image/x-canon-cr2")]
    [InlineData("exiftool-t-images/CanonRaw.cr3", AssetType.Image, "image/x-canon-cr3")]
    [InlineData("exiftool-t-images/DNG.dng", AssetType.Image, "image/x-adobe-dng")]
    [InlineData("exiftool-t-images/BMP.bmp", AssetType.Image, "image/bmp")]
    [InlineData("derived-corrupt/png-named-as.jpg", AssetType.Image, "image/png")]
    [InlineData("derived-corrupt/text-named-as.jpg", AssetType.Image, "image/jpeg")]
    public void Real_files_are_classified_by_content_then_name(string corpusPath, AssetType type, string mime)
    {
        var path = Uploads.CorpusFile(corpusPath);
        var head = File.ReadAllBytes(path).Take(MediaSniffer.HeadLength).ToArray();
        Assert.Equal(new MediaKind(type, mime), MediaSniffer.Classify(head, Path.GetFileName(path)));
        Assert.Null(MediaSniffer.NotMediaReason(head));
    }

    [Fact]
    public void Every_corpus_file_is_accepted_as_possible_media()
    {
        var files = Directory.EnumerateFiles(Uploads.CorpusRoot, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".md", StringComparison.Ordinal) && !f.EndsWith(".tsv", StringComparison.Ordinal) && !f.EndsWith(".txt", StringComparison.Ordinal))
            .ToList();
        Assert.True(files.Count > 50, $"expected the corpus at {Uploads.CorpusRoot}");
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            var head = new byte[MediaSniffer.HeadLength];
            var read = stream.Read(head);
            Assert.True(MediaSniffer.NotMediaReason(head.AsSpan(0, read)) is null, $"refused {file}");
        }
    }

    [Theory]
    [InlineData("<!DOCTYPE html><html>", "an HTML page")]
    [InlineData("#!/bin/sh\nrm -rf /", "a script")]
    [InlineData("SQLite format 3\0xyz", "an SQLite database")]
    public void Documents_scripts_and_databases_are_not_media(string content, string expected) =>
        Assert.Equal(expected, MediaSniffer.NotMediaReason(System.Text.Encoding.ASCII.GetBytes(content)));
}
