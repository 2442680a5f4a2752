using System.Collections.Concurrent;
using System.Globalization;
using PiVault.Native.Vips;
using PiVault.Server.Features.Duplicates;
using PiVault.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PiVault.Tests.Duplicates;

/// <summary>
/// The perceptual hash against the shared corpus: the copies a household makes stay within
/// <see cref="PerceptualHash.SamePictureDistance"/> of their original, and no two different pictures of the whole corpus do.
/// Hashes come straight from a small libvips decode of each file (the upload pipeline is DuplicateReviewTests' business).
/// </summary>
public sealed class CorpusPerceptualHashTests(ITestOutputHelper output)
{
    /// <summary>
    /// Photos whose copies are checked: different cameras, sizes and subjects (docs/duplicates.md has the measured distances
    /// of every corpus photo's copies).
    /// </summary>
    public static TheoryData<string> Photos() =>
    [
        "exif-samples/jpg/gps/DSCN0012.jpg",
        "exif-samples/jpg/tests/22-canon_tags.jpg",
        "exif-samples/jpg/hdr/canon_hdr_NO.jpg",
        "exif-samples/jpg/mobile/jolla.jpg",
        "exif-samples/jpg/exif-org/kodak-dc240.jpg",
        "exif-orientation-examples/Landscape_6.jpg",
    ];

    /// <summary>
    /// Sets of corpus files that are the same picture, each checked by eye (side by side, docs/duplicates.md): the same image
    /// stored twice or re-encoded, or at another orientation whose tag turns it upright again. Only pairs inside one set may
    /// fall within the threshold; every other pair of the corpus must stay above it.
    /// </summary>
    private static readonly string[][] SamePicture =
    [
        // The waterfall of the orientation examples, each file with its digit burnt in and stored at another orientation.
        [.. Enumerable.Range(0, 9).Select(i => $"exif-orientation-examples/Landscape_{i}.jpg")],
        [.. Enumerable.Range(0, 9).Select(i => $"exif-orientation-examples/Portrait_{i}.jpg")],
        // Another waterfall: exif-samples' landscape set, and its portrait set, which is also libvips' rotation test set.
        [.. new[] { 1, 2, 3, 6, 7 }.Select(i => $"exif-samples/jpg/orientation/landscape_{i}.jpg")],
        [.. new[] { 1, 3, 4, 5, 6, 7 }.Select(i => $"exif-samples/jpg/orientation/portrait_{i}.jpg"), .. Enumerable.Range(1, 8).Select(i => $"libvips-test/rotation/{i}.jpg")],
        // The same photo in three folders, and in two formats.
        ["immich-test-assets/albums/nature/el_torcal_rocks.jpg", "immich-test-assets/formats/jpeg/el_torcal_rocks.jpeg", "immich-test-assets/formats/jpg/el_torcal_rocks.jpg"],
        ["libvips-test/sample.jpg", "libvips-test/sample.png"],
        // A portrait with its orientation written in the pixels (and the words "rotate 90, embedded") and without.
        ["immich-test-assets/metadata/faces/portrait-orientation-6.jpg", "immich-test-assets/metadata/faces/portrait.jpg"],
        // WebP's samples: the same picture (and the same animation) encoded lossless and lossy.
        ["mei/webp/Alpha_Lossless_1.webp", "mei/webp/Alpha_Lossy_1.webp"],
        ["mei/webp/Alpha_Lossless_2.webp", "mei/webp/Alpha_Lossy_2.webp"],
        ["mei/webp/Animation_Lossless.webp", "mei/webp/Animation_Lossy.webp"],
    ];

    /// <summary>The kinds (manifest.tsv) of still pictures; corrupt, fuzzed, RAW and video files are left out.</summary>
    private static readonly HashSet<string> PictureKinds = new(StringComparer.Ordinal) { "jpeg", "png", "webp", "heic", "heif", "avif", "tiff", "gif", "jxl", "bmp" };

    [Theory]
    [MemberData(nameof(Photos))]
    public void Copies_stay_within_the_threshold_of_their_original(string photo)
    {
        var path = Uploads.CorpusFile(photo);
        var original = Hash(GrayscaleSample.FromFile(path, PerceptualHash.SampleSide));
        var distances = PhotoVariants.Of(path).ToDictionary(v => v.Key, v => PerceptualHash.Distance(original, Hash(GrayscaleSample.FromBytes(v.Value, PerceptualHash.SampleSide))));
        output.WriteLine(string.Join(", ", distances.Select(d => $"{d.Key} {d.Value}")));
        Assert.All(distances, d => Assert.True(d.Value <= PerceptualHash.SamePictureDistance, $"{photo}: {d.Key} is {d.Value} bits away"));
    }

    [Fact]
    public void No_two_different_corpus_pictures_are_within_the_threshold()
    {
        var files = CorpusManifest.All.Where(e => PictureKinds.Contains(e.Kind)).Select(e => e.File).ToList();
        var hashes = new ConcurrentDictionary<string, ulong>(StringComparer.Ordinal);
        var undecodable = new ConcurrentBag<string>();
        var flat = new ConcurrentBag<string>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            try
            {
                if (PerceptualHash.Compute(GrayscaleSample.FromFile(Path.Combine(Uploads.CorpusRoot, file), PerceptualHash.SampleSide)) is { } hash)
                {
                    hashes[file] = hash;
                }
                else
                {
                    flat.Add(file);
                }
            }
            catch (MediaDecodeException)
            {
                undecodable.Add(file);
            }
        });
        output.WriteLine($"{hashes.Count} pictures hashed; undecodable: {string.Join(", ", undecodable.Order())}");
        output.WriteLine($"flat (no hash): {string.Join(", ", flat.Order())}");

        Assert.All(SamePicture.SelectMany(set => set), file => Assert.Contains(file, files)); // no typo weakens the list
        var known = SamePicture.SelectMany((set, i) => set.Select(file => (file, i))).ToDictionary(p => p.file, p => p.i, StringComparer.Ordinal);
        var ordered = hashes.OrderBy(h => h.Key, StringComparer.Ordinal).ToList();
        var mixes = new List<string>();
        var closestDifferent = int.MaxValue;
        for (var i = 0; i < ordered.Count; i++)
        {
            for (var j = i + 1; j < ordered.Count; j++)
            {
                var (a, b) = (ordered[i], ordered[j]);
                var distance = PerceptualHash.Distance(a.Value, b.Value);
                var same = known.TryGetValue(a.Key, out var setA) && known.TryGetValue(b.Key, out var setB) && setA == setB;
                if (distance <= 16)
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{distance,2}  {a.Key}  {b.Key}{(same ? "  (same picture)" : "")}"));
                }
                if (!same)
                {
                    closestDifferent = Math.Min(closestDifferent, distance);
                    if (distance <= PerceptualHash.SamePictureDistance)
                    {
                        mixes.Add($"{a.Key} and {b.Key}: {distance} bits");
                    }
                }
            }
        }
        output.WriteLine($"closest different pictures: {closestDifferent} bits");
        Assert.True(hashes.Count >= 180, $"only {hashes.Count} corpus pictures hashed");
        Assert.True(mixes.Count == 0, $"Different pictures within {PerceptualHash.SamePictureDistance} bits:\n{string.Join('\n', mixes)}");
    }

    private static ulong Hash(byte[] sample) => PerceptualHash.Compute(sample) ?? throw new InvalidOperationException("a flat sample");
}
