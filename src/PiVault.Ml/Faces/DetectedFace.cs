using System.Numerics;

namespace PiVault.Ml.Faces;

/// <summary>A face box in pixels of the picture it was found on (x1, y1 top-left; x2, y2 bottom-right).</summary>
public readonly record struct FaceBox(float X1, float Y1, float X2, float Y2)
{
    public float Width => X2 - X1;

    public float Height => Y2 - Y1;

    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>Intersection over union: 1 for the same box, 0 for boxes that do not touch.</summary>
    public float IoU(FaceBox other)
    {
        var w = Math.Min(X2, other.X2) - Math.Max(X1, other.X1);
        var h = Math.Min(Y2, other.Y2) - Math.Max(Y1, other.Y1);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }
        var overlap = w * h;
        return overlap / (Area + other.Area - overlap);
    }

    /// <summary>The box scaled by <paramref name="factor"/> (from a detector's input back to the picture's pixels).</summary>
    public FaceBox Scaled(float factor) => new(X1 * factor, Y1 * factor, X2 * factor, Y2 * factor);
}

/// <summary>
/// One face a detector found: its box, how sure the detector is (0..1), and the five landmarks in the order ArcFace
/// alignment uses: left eye, right eye, nose tip, left mouth corner, right mouth corner (as seen in the picture).
/// </summary>
public sealed record DetectedFace(FaceBox Box, float Score, IReadOnlyList<Vector2> Landmarks)
{
    public DetectedFace Scaled(float factor) => new(Box.Scaled(factor), Score, [.. Landmarks.Select(p => p * factor)]);
}

/// <summary>A face found and recognised: where it is and its L2-normalised embedding.</summary>
public sealed record RecognisedFace(DetectedFace Face, float[] Embedding);
