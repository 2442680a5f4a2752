using System.Numerics;
using PiVault.Ml.Ocr;

namespace PiVault.Ml.Faces;

/// <summary>
/// ArcFace alignment: the similarity transform (rotation, uniform scale, translation; no shear or reflection) that
/// moves a face's five landmarks closest, in least squares, onto the standard 112 × 112 template — Umeyama's method,
/// which in two dimensions has the closed form below — and the crop warped through it (bilinear, black outside the
/// picture, as insightface's <c>norm_crop</c> with <c>cv2.warpAffine</c>).
/// </summary>
public static class FaceAlignment
{
    public const int Size = 112;

    /// <summary>Left eye, right eye, nose tip, left and right mouth corner of the ArcFace template (insightface's <c>arcface_dst</c>).</summary>
    public static IReadOnlyList<Vector2> Reference { get; } =
    [
        new(38.2946f, 51.6963f), new(73.5318f, 51.5014f), new(56.0252f, 71.7366f), new(41.5493f, 92.3655f), new(70.7299f, 92.2041f),
    ];

    /// <summary>The similarity transform taking <paramref name="from"/> onto <paramref name="to"/> in least squares.</summary>
    public static Similarity Estimate(IReadOnlyList<Vector2> from, IReadOnlyList<Vector2> to)
    {
        if (from.Count != to.Count || from.Count < 2)
        {
            throw new ArgumentException("Alignment needs the same number (at least two) of source and target points.", nameof(from));
        }
        var meanFrom = Mean(from);
        var meanTo = Mean(to);
        double dot = 0, cross = 0, norm = 0;
        for (var i = 0; i < from.Count; i++)
        {
            var p = from[i] - meanFrom;
            var q = to[i] - meanTo;
            dot += (p.X * q.X) + (p.Y * q.Y);
            cross += (p.X * q.Y) - (p.Y * q.X);
            norm += (p.X * p.X) + (p.Y * p.Y);
        }
        if (norm <= 0)
        {
            throw new ArgumentException("The source points all coincide: no alignment exists.", nameof(from));
        }
        var a = (float)(dot / norm);
        var b = (float)(cross / norm);
        var t = meanTo - new Vector2((a * meanFrom.X) - (b * meanFrom.Y), (b * meanFrom.X) + (a * meanFrom.Y));
        return new Similarity(a, b, t.X, t.Y);
    }

    /// <summary>The 112 × 112 RGB crop of a face, its landmarks moved onto <see cref="Reference"/>.</summary>
    public static RgbFrame Crop(RgbFrame picture, IReadOnlyList<Vector2> landmarks)
    {
        var inverse = Estimate(landmarks, Reference).Inverse();
        var pixels = new byte[Size * Size * 3];
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                var source = inverse.Apply(new Vector2(x, y));
                if (source.X <= -1 || source.Y <= -1 || source.X >= picture.Width || source.Y >= picture.Height)
                {
                    continue; // black outside the picture
                }
                var at = ((y * Size) + x) * 3;
                for (var c = 0; c < 3; c++)
                {
                    pixels[at + c] = (byte)Math.Clamp(MathF.Round(picture.Sample(source.X, source.Y, c)), 0, 255);
                }
            }
        }
        return new RgbFrame(Size, Size, pixels);
    }

    private static Vector2 Mean(IReadOnlyList<Vector2> points)
    {
        var sum = Vector2.Zero;
        foreach (var p in points)
        {
            sum += p;
        }
        return sum / points.Count;
    }
}

/// <summary>x' = a·x − b·y + tx, y' = b·x + a·y + ty: a rotation by atan2(b, a), a scale of √(a² + b²), a shift.</summary>
public readonly record struct Similarity(float A, float B, float Tx, float Ty)
{
    public float Scale => MathF.Sqrt((A * A) + (B * B));

    public Vector2 Apply(Vector2 p) => new((A * p.X) - (B * p.Y) + Tx, (B * p.X) + (A * p.Y) + Ty);

    public Similarity Inverse()
    {
        var d = (A * A) + (B * B);
        var (a, b) = (A / d, -B / d);
        return new Similarity(a, b, -((a * Tx) - (b * Ty)), -((b * Tx) + (a * Ty)));
    }
}
