using System.Numerics;
using PiVault.Ml.Faces;
using PiVault.Ml.Models;
using PiVault.Ml.Ocr;
using PiVault.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PiVault.Tests.Ml.Faces;

/// <summary>ArcFace alignment on a synthetic picture, and MobileFaceNet embeddings of the corpus' labelled people.</summary>
public sealed class FaceRecognitionTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Immich's default maximum distance between faces of one person.</summary>
    private const float MaxDistance = 0.5f;

    private readonly string root = TempDir.Create();

    public void Dispose() => TempDir.Delete(root);

    [Fact]
    public void Alignment_recovers_a_known_similarity_and_puts_the_landmarks_on_the_reference_points()
    {
        // A face turned by 25°, twice the template's size, shifted: the landmarks are where that similarity puts the reference.
        var (angle, scale) = (25 * MathF.PI / 180, 2f);
        var placed = new Similarity(scale * MathF.Cos(angle), scale * MathF.Sin(angle), 120, 40);
        var landmarks = FaceAlignment.Reference.Select(placed.Apply).ToList();
        byte[][] colours = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [255, 255, 0], [0, 255, 255]];
        var picture = Dots(400, 400, landmarks, colours, radius: 4);

        var estimated = FaceAlignment.Estimate(landmarks, FaceAlignment.Reference);
        var crop = FaceAlignment.Crop(picture, landmarks);

        Assert.Equal(1 / scale, estimated.Scale, 3);
        Assert.All(landmarks.Zip(FaceAlignment.Reference), p => Assert.True((estimated.Apply(p.First) - p.Second).Length() < 0.01f));
        Assert.Equal((112, 112), (crop.Width, crop.Height));
        for (var i = 0; i < 5; i++)
        {
            var (x, y) = ((int)MathF.Round(FaceAlignment.Reference[i].X), (int)MathF.Round(FaceAlignment.Reference[i].Y));
            Assert.Equal(colours[i], crop.Pixels.AsSpan(((y * 112) + x) * 3, 3).ToArray());
        }
        Assert.Equal([0, 0, 0], crop.Pixels.AsSpan(((5 * 112) + 5) * 3, 3).ToArray()); // the background far from any dot
    }

    [Fact]
    public void Alignment_of_points_already_on_the_template_is_the_identity_and_noisy_points_fit_in_least_squares()
    {
        var identity = FaceAlignment.Estimate(FaceAlignment.Reference, FaceAlignment.Reference);
        Assert.Equal(new Similarity(1, 0, 0, 0), identity with { A = MathF.Round(identity.A, 5), B = MathF.Round(identity.B, 5), Tx = MathF.Round(identity.Tx, 3) + 0f, Ty = MathF.Round(identity.Ty, 3) + 0f });

        // One landmark off by 3 px: the fit spreads the error, no point lands more than 3 px from its target.
        var noisy = FaceAlignment.Reference.Select((p, i) => i == 2 ? p + new Vector2(3, 0) : p).ToList();
        var fit = FaceAlignment.Estimate(noisy, FaceAlignment.Reference);
        Assert.All(noisy.Zip(FaceAlignment.Reference), p => Assert.True((fit.Apply(p.First) - p.Second).Length() < 3));
    }

    [Fact]
    public void Embeddings_are_unit_length_and_the_same_person_is_closer_than_different_people()
    {
        using var library = CorpusFaces.Library(root);
        var faces = CorpusFaces.Embeddings(CorpusFaces.Pipeline(library));

        Assert.All(faces, f => Assert.Equal(128, f.Embedding.Length));
        Assert.All(faces, f => Assert.Equal(1.0, Math.Sqrt(f.Embedding.Sum(x => (double)x * x)), 3));
        var all = PairScores(faces);
        var frontal = PairScores([.. faces.Where(f => !f.Person.Contains('/', StringComparison.Ordinal))]);
        output.WriteLine($"all faces: {all}");
        output.WriteLine($"frontal faces: {frontal}");

        Assert.True(all.Precision >= 0.95 && frontal.Precision >= 0.95, $"precision {all.Precision:F3} / {frontal.Precision:F3}");
        Assert.True(frontal.Recall >= 0.9, $"recall {frontal.Recall:F3}");
        Assert.True(all.SameMean < all.DifferentMean && frontal.SameMax < frontal.DifferentMin, frontal.ToString());
    }

    /// <summary>Pairwise same-person precision and recall when "same" means a cosine distance of at most <see cref="MaxDistance"/>.</summary>
    private static PairStats PairScores(List<(string Person, string Photo, float[] Embedding)> faces)
    {
        var pairs = faces.SelectMany((a, i) => faces.Skip(i + 1).Select(b =>
            (Same: CorpusFaces.PersonOf(a.Person) == CorpusFaces.PersonOf(b.Person), Distance: CorpusFaces.Distance(a.Embedding, b.Embedding)))).ToList();
        var truePositives = pairs.Count(p => p.Same && p.Distance <= MaxDistance);
        var same = pairs.Where(p => p.Same).Select(p => p.Distance).ToList();
        var different = pairs.Where(p => !p.Same).Select(p => p.Distance).ToList();
        return new PairStats(faces.Count, pairs.Count, same.Count, (double)truePositives / Math.Max(1, pairs.Count(p => p.Distance <= MaxDistance)),
            (double)truePositives / same.Count, same.Average(), same.Max(), different.Average(), different.Min());
    }

    private sealed record PairStats(int Faces, int Pairs, int SamePairs, double Precision, double Recall, double SameMean, double SameMax, double DifferentMean, double DifferentMin)
    {
        public override string ToString() =>
            $"{Faces} faces, {Pairs} pairs ({SamePairs} same-person): precision {Precision:F3}, recall {Recall:F3} at cosine distance {MaxDistance}; " +
            $"same-person distance mean {SameMean:F3} max {SameMax:F3}, different-people mean {DifferentMean:F3} min {DifferentMin:F3}";
    }

    [Fact]
    public void A_recogniser_giving_the_wrong_size_is_reported_unavailable()
    {
        using var library = CorpusFaces.Library(root);
        var recogniser = new FaceRecognizer(library, new ModelPart("MobileFaceNet-test", "mobilefacenet.onnx"), new PixelScaling(127.5f, 128f), 512);

        var error = Assert.Throws<ModelUnavailableException>(() => recogniser.Embed(new RgbFrame(112, 112, new byte[112 * 112 * 3])));
        Assert.Contains("128 numbers", error.Message);
    }

    private static RgbFrame Dots(int width, int height, List<Vector2> centres, byte[][] colours, int radius)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < centres.Count; i++)
        {
            for (var y = (int)centres[i].Y - radius; y <= (int)centres[i].Y + radius; y++)
            {
                for (var x = (int)centres[i].X - radius; x <= (int)centres[i].X + radius; x++)
                {
                    colours[i].CopyTo(pixels, ((y * width) + x) * 3);
                }
            }
        }
        return new RgbFrame(width, height, pixels);
    }
}
